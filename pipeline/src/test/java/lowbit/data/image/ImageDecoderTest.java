package lowbit.data.image;

import lowbit.testing.SharedData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("data")
class ImageDecoderTest {
    /** A JPEG of a real image with an EXIF block saying "rotate 90 degrees clockwise to display" (orientation 6). */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0, 0, 0};
        byte[] exif = new byte[6 + tiff.length];
        System.arraycopy(new byte[]{'E', 'x', 'i', 'f', 0, 0}, 0, exif, 0, 6);
        System.arraycopy(tiff, 0, exif, 6, tiff.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        int length = exif.length + 2;
        out.write(length >> 8);
        out.write(length & 0xff);
        out.write(exif, 0, exif.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static byte[] jpegOf(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    @Test
    void exifOrientationIsApplied() throws IOException {
        BufferedImage full = ImageIO.read(SharedData.path("imagenet-sample/train").toFile().listFiles()[0].listFiles()[0]);
        BufferedImage wide = new BufferedImage(64, 32, BufferedImage.TYPE_3BYTE_BGR);
        wide.getGraphics().drawImage(full, 0, 0, 64, 32, null);
        byte[] plain = jpegOf(wide);
        BufferedImage upright = ImageDecoder.decode(plain);
        assertEquals(64, upright.getWidth());

        BufferedImage rotated = ImageDecoder.decode(withExifOrientation(plain, 6));
        assertEquals(32, rotated.getWidth(), "orientation 6 turns a 64x32 image into 32x64");
        assertEquals(64, rotated.getHeight());
        // the top-left pixel of the displayed image is the bottom-left of the stored one
        int stored = upright.getRGB(0, 31);
        int shown = rotated.getRGB(0, 0);
        for (int shift : new int[]{0, 8, 16}) {
            assertTrue(Math.abs(((stored >> shift) & 0xff) - ((shown >> shift) & 0xff)) <= 2);
        }
    }

    @Test
    void grayscaleJpegBecomesRgbOrStaysGray() throws IOException {
        BufferedImage gray = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_GRAY);
        gray.getGraphics().drawImage(ImageIO.read(SharedData.path("tflm/person.bmp").toFile()), 0, 0, 16, 8, null);
        BufferedImage decoded = ImageDecoder.decode(jpegOf(gray));
        Pixels rgb = new Preprocessor(0, 0, false, "triangle").apply(decoded);
        Pixels one = new Preprocessor(0, 0, true, "triangle").apply(decoded);
        assertEquals(3, rgb.channels());
        assertEquals(1, one.channels());
        for (int i = 0; i < 16 * 8; i++) {
            assertEquals(one.data()[i], rgb.data()[i], "R equals the gray level");
            assertEquals(one.data()[i], rgb.data()[2 * 128 + i], "B equals the gray level");
        }
    }

    @Test
    void truncatedJpegIsDamageNotACrash() throws IOException {
        byte[] jpeg = Files.readAllBytes(SharedData.path("cifar10/test/cat/").toFile().listFiles()[0].toPath());
        byte[] header = java.util.Arrays.copyOf(jpeg, 20);
        assertThrows(ImageDamage.class, () -> ImageDecoder.decode(header));
    }

    @Test
    void resizeCoversThenCropsTheCenter() {
        BufferedImage wide = new BufferedImage(200, 100, BufferedImage.TYPE_3BYTE_BGR);
        for (int x = 0; x < 200; x++) {
            for (int y = 0; y < 100; y++) {
                wide.setRGB(x, y, x < 50 || x >= 150 ? 0xff0000 : 0x00ff00);
            }
        }
        Pixels out = new Preprocessor(50, 50, false, "triangle").apply(wide);
        assertEquals(50, out.height());
        assertEquals(50, out.width());
        for (int i = 0; i < 50 * 50; i++) {
            assertEquals(0, out.data()[i] & 0xff, "no red: the red side bands are cropped away");
            assertEquals(255, out.data()[2500 + i] & 0xff, "all green");
        }
    }

    /** The JPEG with one more marker segment right after its start-of-image marker. */
    private static byte[] withSegment(byte[] jpeg, int marker, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(marker);
        out.write((body.length + 2) >> 8);
        out.write((body.length + 2) & 0xff);
        out.write(body, 0, body.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** What the decoder gave before it reused readers: a fresh reader from content sniffing for every image. */
    private static BufferedImage decodeWithFreshReader(byte[] encoded) throws IOException {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(encoded))) {
            javax.imageio.ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in, true, true);
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        }
    }

    @Test
    void reusedJpegReaderGivesExactlyTheFreshReadersPixels() throws IOException {
        List<java.nio.file.Path> files = new ArrayList<>();
        for (String cls : List.of("cat", "ship", "truck")) {
            try (var listing = Files.list(SharedData.path("cifar10/test/" + cls))) {
                listing.sorted().limit(60).forEach(files::add);
            }
        }
        try (var classes = Files.list(SharedData.path("imagenet-sample/train"))) {
            classes.sorted().limit(6).forEach(dir -> files.add(dir.toFile().listFiles()[0].toPath()));
        }
        BufferedImage gray = new BufferedImage(40, 24, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setPixel(3, 5, new int[]{200});
        byte[] grayJpeg = jpegOf(gray);
        byte[] png = Files.readAllBytes(SharedData.path("vww96/person").toFile().listFiles()[0].toPath());
        assertTrue(PlainJpeg.isPlain(Files.readAllBytes(files.get(0))), "CIFAR's JPEGs take the JDK reader's fast path");
        assertTrue(PlainJpeg.isPlain(grayJpeg));
        int checked = 0;
        for (java.nio.file.Path file : files) {
            byte[] jpeg = Files.readAllBytes(file);
            byte[] cut = java.util.Arrays.copyOf(jpeg, jpeg.length * 3 / 4);
            byte[] withApp13 = withSegment(jpeg, 0xED, "Photoshop 3.0".getBytes());
            assertFalse(PlainJpeg.isPlain(withApp13), "an unknown segment takes the general (TwelveMonkeys) path");
            // gray JPEGs, PNGs and damaged JPEGs between colour ones: reuse must carry nothing over
            for (byte[] encoded : List.of(jpeg, grayJpeg, png, java.util.Arrays.copyOf(jpeg, 40), cut, withApp13, jpeg)) {
                if (encoded.length == 40) {
                    assertThrows(ImageDamage.class, () -> ImageDecoder.decode(encoded));
                    continue;
                }
                BufferedImage expected;
                try {
                    expected = decodeWithFreshReader(encoded);
                } catch (IOException e) {
                    assertThrows(ImageDamage.class, () -> ImageDecoder.decode(encoded), "fails as the fresh reader does");
                    continue;
                }
                BufferedImage actual = ImageDecoder.decode(encoded);
                assertEquals(expected.getType(), actual.getType(), file.toString());
                assertArrayEquals(expected.getRaster().getPixels(0, 0, expected.getWidth(), expected.getHeight(), (int[]) null),
                        actual.getRaster().getPixels(0, 0, actual.getWidth(), actual.getHeight(), (int[]) null), file.toString());
                checked++;
            }
        }
        assertTrue(checked >= files.size() * 4, "decoded " + checked);
    }
}
