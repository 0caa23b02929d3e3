package lowbit.data.image;

import com.twelvemonkeys.contrib.exif.EXIFUtilities;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Decodes JPEG, PNG and BMP by content, not by file name (a PNG saved as .JPEG decodes as PNG), through
 * ImageIO with the TwelveMonkeys plugins (CMYK/YCCK and grayscale JPEGs, broken ICC profiles), and
 * applies the EXIF orientation.
 */
public final class ImageDecoder {
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
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
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
