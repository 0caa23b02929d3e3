package lowbit.data.image;


import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Converts between channel-major pixel arrays and Java images. */
public final class PixelImages {
    private PixelImages() {
    }

    /** Channel-major pixels of an 8-bit gray or 3-byte BGR image. */
    public static Pixels toPixels(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        byte[] raster = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            byte[] gray = new byte[h * w];
            int stride = image.getRaster().getSampleModel().getWidth();
            for (int y = 0; y < h; y++) {
                System.arraycopy(raster, y * stride, gray, y * w, w);
            }
            return new Pixels(1, h, w, gray);
        }
        byte[] chw = new byte[3 * h * w];
        int plane = h * w;
        for (int i = 0; i < plane; i++) {
            chw[i] = raster[3 * i + 2];
            chw[plane + i] = raster[3 * i + 1];
            chw[2 * plane + i] = raster[3 * i];
        }
        return new Pixels(3, h, w, chw);
    }

    public static BufferedImage toImage(Pixels pixels) {
        int h = pixels.height();
        int w = pixels.width();
        int plane = h * w;
        byte[] data = pixels.data();
        if (pixels.channels() == 1) {
            BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            System.arraycopy(data, 0, ((DataBufferByte) gray.getRaster().getDataBuffer()).getData(), 0, plane);
            return gray;
        }
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] raster = ((DataBufferByte) rgb.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < plane; i++) {
            raster[3 * i] = data[2 * plane + i];
            raster[3 * i + 1] = data[plane + i];
            raster[3 * i + 2] = data[i];
        }
        return rgb;
    }
}
