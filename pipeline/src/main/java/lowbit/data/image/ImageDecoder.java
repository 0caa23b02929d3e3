package lowbit.data.image;

import com.twelvemonkeys.contrib.exif.EXIFUtilities;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.util.Iterator;

/**
 * Decodes JPEG, PNG and BMP by content, not by file name (a PNG saved as .JPEG decodes as PNG), through
 * ImageIO with the TwelveMonkeys plugins (CMYK/YCCK and grayscale JPEGs, broken ICC profiles), and
 * applies the EXIF orientation. Plain JPEGs take {@link PlainJpeg}'s faster path to the same pixels; for the
 * other JPEGs each thread keeps the reader the content sniffing chose for its first one and reuses it while
 * it accepts them: finding and building a reader costs more than decoding a 32x32 image.
 */
public final class ImageDecoder {
    private static final ThreadLocal<ImageReader> JPEG_READER = new ThreadLocal<>();

    static {
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    private ImageDecoder() {
    }

    /** @throws ImageDamage with a reason a person can act on */
    public static BufferedImage decode(byte[] encoded) {
        if (encoded.length == 0) {
            throw new ImageDamage("empty file (0 bytes)");
        }
        try (ImageInputStream in = new ByteArrayImageInputStream(encoded)) {
            BufferedImage plain = PlainJpeg.tryDecode(encoded, in);
            if (plain != null) {
                return plain;
            }
            if (isJpeg(encoded) && !hasExif(encoded)) {
                BufferedImage image = readJpeg(in);
                if (image != null) {
                    return image;
                }
            }
            if (!ImageIO.getImageReaders(in).hasNext()) {
                throw new ImageDamage("not a JPEG, PNG or BMP image (no decoder recognises its "
                        + encoded.length + " bytes)");
            }
            in.seek(0);
            if (hasExif(encoded)) {
                IIOImage image = EXIFUtilities.readWithOrientation(in);
                if (image == null || image.getRenderedImage() == null) {
                    throw new ImageDamage("the decoder returned no image");
                }
                return toBufferedImage(image.getRenderedImage());
            }
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in, true, true);
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageDamage damage) {
                throw damage;
            }
            throw new ImageDamage("cannot decode: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** The image, or null (stream rewound) when this thread's JPEG reader does not take it. */
    private static BufferedImage readJpeg(ImageInputStream in) throws IOException {
        ImageReader reader = JPEG_READER.get();
        if (reader == null) {
            Iterator<ImageReader> sniffed = ImageIO.getImageReaders(in);
            if (!sniffed.hasNext()) {
                return null;
            }
            reader = sniffed.next();
            JPEG_READER.set(reader);
        } else if (!reader.getOriginatingProvider().canDecodeInput(in)) {
            return null;
        }
        in.seek(0);
        try {
            reader.setInput(in, true, true);
            BufferedImage image = reader.read(0);
            reader.reset();
            return image;
        } catch (IOException | RuntimeException e) {
            // a failed read may leave the reader in any state: the next JPEG gets a fresh one
            JPEG_READER.remove();
            reader.dispose();
            throw e;
        }
    }

    private static boolean isJpeg(byte[] encoded) {
        return encoded.length > 3 && encoded[0] == (byte) 0xff && encoded[1] == (byte) 0xd8 && encoded[2] == (byte) 0xff;
    }

    /** Only files with an EXIF block can carry an orientation; the others skip the metadata parse. */
    static boolean hasExif(byte[] encoded) {
        int end = Math.min(encoded.length - 6, 1 << 16);
        for (int i = 0; i < end; i++) {
            if (encoded[i] == 'E' && encoded[i + 1] == 'x' && encoded[i + 2] == 'i' && encoded[i + 3] == 'f'
                    && encoded[i + 4] == 0 && encoded[i + 5] == 0) {
                return true;
            }
        }
        return false;
    }

    private static BufferedImage toBufferedImage(RenderedImage rendered) {
        if (rendered instanceof BufferedImage buffered) {
            return buffered;
        }
        BufferedImage copy = new BufferedImage(rendered.getWidth(), rendered.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        copy.createGraphics().drawRenderedImage(rendered, null);
        return copy;
    }
}
