package lowbit.data.image;

/** A single image that cannot be used; the sharding job quarantines its record. */
public class ImageDamage extends RuntimeException {
    public ImageDamage(String reason) {
        super(reason, null, false, false);
    }
}
