package lowbit.data.image;

import com.twelvemonkeys.image.ResampleOp;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.Serializable;

/**
 * Resizes the shorter side to cover the target, center-crops to it, and converts to channel-major uint8,
 * optionally grayscale (ITU-R 601 luma, rounded as PIL does).
 */
public final class Preprocessor implements Serializable {
    private final int targetHeight;
    private final int targetWidth;
    private final boolean grayscale;
    private final int filter;

    /** @param targetHeight 0 keeps each image's size */
    public Preprocessor(int targetHeight, int targetWidth, boolean grayscale, String filter) {
        this.targetHeight = targetHeight;
        this.targetWidth = targetWidth;
        this.grayscale = grayscale;
        this.filter = filterCode(filter);
    }

    public static int filterCode(String name) {
        return switch (name) {
            case "triangle" -> ResampleOp.FILTER_TRIANGLE;
            case "lanczos" -> ResampleOp.FILTER_LANCZOS;
            case "cubic" -> ResampleOp.FILTER_CUBIC;
            case "box" -> ResampleOp.FILTER_BOX;
            default -> throw new IllegalArgumentException("unknown resize filter '" + name
                    + "' (expected triangle, lanczos, cubic or box)");
        };
    }

    public boolean resizes() {
        return targetHeight > 0;
    }

    /** For sources that are already pixel arrays (CIFAR binary, IDX). */
    public Pixels apply(Pixels pixels) {
        Pixels sized = resizes() && (pixels.height() != targetHeight || pixels.width() != targetWidth)
                ? PixelImages.toPixels(resizeAndCrop(PixelImages.toImage(pixels))) : pixels;
        return withChannels(sized, grayscale ? 1 : pixels.channels());
    }

    /** For decoded image files: RGB, or one channel when grayscale, whatever the file's color model. */
    public Pixels apply(BufferedImage image) {
        BufferedImage standard = standardize(image);
        if (resizes() && (standard.getHeight() != targetHeight || standard.getWidth() != targetWidth)) {
            standard = resizeAndCrop(standard);
        }
        return withChannels(PixelImages.toPixels(standard), grayscale ? 1 : 3);
    }

    private static Pixels withChannels(Pixels pixels, int channels) {
        if (pixels.channels() == channels) {
            return pixels;
        }
        if (channels == 1) {
            return lumaOf(pixels);
        }
        int plane = pixels.height() * pixels.width();
        byte[] rgb = new byte[3 * plane];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(pixels.data(), 0, rgb, c * plane, plane);
        }
        return new Pixels(3, pixels.height(), pixels.width(), rgb);
    }

    private BufferedImage resizeAndCrop(BufferedImage image) {
        double scale = Math.max((double) targetHeight / image.getHeight(), (double) targetWidth / image.getWidth());
        int h = Math.max(targetHeight, (int) Math.round(image.getHeight() * scale));
        int w = Math.max(targetWidth, (int) Math.round(image.getWidth() * scale));
        BufferedImage resized = new ResampleOp(w, h, filter).filter(image, null);
        BufferedImage cropped = resized.getSubimage((w - targetWidth) / 2, (h - targetHeight) / 2, targetWidth, targetHeight);
        return standardize(copy(cropped));
    }

    /** 8-bit gray stays gray (read from the raster: getRGB would gamma-convert it); all else becomes RGB. */
    private static BufferedImage standardize(BufferedImage image) {
        int type = image.getType();
        if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        int[] argb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        rgb.setRGB(0, 0, image.getWidth(), image.getHeight(), argb, 0, image.getWidth());
        return rgb;
    }

    private static BufferedImage copy(BufferedImage sub) {
        BufferedImage out = new BufferedImage(sub.getWidth(), sub.getHeight(), sub.getType() == 0
                ? BufferedImage.TYPE_3BYTE_BGR : sub.getType());
        out.getRaster().setRect(sub.getRaster().createTranslatedChild(0, 0));
        return out;
    }

    static Pixels lumaOf(Pixels rgb) {
        int plane = rgb.height() * rgb.width();
        byte[] d = rgb.data();
        byte[] gray = new byte[plane];
        for (int i = 0; i < plane; i++) {
            int r = d[i] & 0xff;
            int g = d[plane + i] & 0xff;
            int b = d[2 * plane + i] & 0xff;
            gray[i] = (byte) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
        }
        return new Pixels(1, rgb.height(), rgb.width(), gray);
    }
}
