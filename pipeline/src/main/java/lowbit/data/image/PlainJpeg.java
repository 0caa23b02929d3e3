package lowbit.data.image;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.util.Iterator;

/**
 * The fast path for plain JPEGs: JFIF YCbCr or single-channel, Huffman-coded, without ICC profile, Adobe or
 * EXIF segments. For those the TwelveMonkeys reader hands the decoding to the JDK's reader and yields the same
 * pixels, after a header parse that costs more than decoding a 32x32 image; this path calls the JDK's reader
 * directly, one reused reader per thread. Anything else, and any failure, takes the general path.
 */
final class PlainJpeg {
    private static final String JDK_READER = "com.sun.imageio.plugins.jpeg.JPEGImageReader";
    private static final ThreadLocal<ImageReader> READER = new ThreadLocal<>();

    private PlainJpeg() {
    }

    /** The image, or null when the file is not plain or the JDK's reader fails on it (stream rewound). */
    static BufferedImage tryDecode(byte[] encoded, ImageInputStream in) {
        if (!isPlain(encoded)) {
            return null;
        }
        ImageReader reader = READER.get();
        if (reader == null) {
            reader = jdkReader();
            if (reader == null) {
                return null;
            }
            READER.set(reader);
        }
        try {
            // setInput starts the reader afresh for a new stream; reset() would also rebuild libjpeg's state
            reader.setInput(in, true, true);
            return reader.read(0);
        } catch (Exception e) {
            READER.remove();
            reader.dispose();
            try {
                in.seek(0);
            } catch (java.io.IOException ignored) {
                // a byte-array stream always seeks
            }
            return null;
        }
    }

    private static ImageReader jdkReader() {
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
            ImageReader reader = it.next();
            if (reader.getClass().getName().equals(JDK_READER)) {
                return reader;
            }
            reader.dispose();
        }
        return null;
    }

    /**
     * Walks the marker segments up to the scan: only JFIF (APP0), comments, quantization and Huffman tables,
     * restart interval, and a baseline, extended or progressive Huffman frame of 1 component, or 3 with the
     * JFIF YCbCr ids 1, 2, 3 and a JFIF segment.
     */
    static boolean isPlain(byte[] b) {
        if (b.length < 4 || (b[0] & 0xff) != 0xff || (b[1] & 0xff) != 0xd8) {
            return false;
        }
        boolean jfif = false;
        int components = 0;
        int i = 2;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xff) != 0xff) {
                return false;
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xff) {
                i++;
                continue;
            }
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if (length < 2 || i + 2 + length > b.length) {
                return false;
            }
            int body = i + 4;
            switch (marker) {
                case 0xda: // start of scan: the header is over
                    return components == 1 || (components == 3 && jfif);
                case 0xe0:
                    jfif |= length >= 7 && b[body] == 'J' && b[body + 1] == 'F' && b[body + 2] == 'I' && b[body + 3] == 'F'
                            && b[body + 4] == 0;
                    break;
                case 0xc0, 0xc1, 0xc2:
                    if (components != 0 || length < 8) {
                        return false;
                    }
                    components = b[body + 5] & 0xff;
                    if (length != 8 + 3 * components || (b[body] & 0xff) != 8) {
                        return false;
                    }
                    if (components == 3) {
                        for (int c = 0; c < 3; c++) {
                            if ((b[body + 6 + 3 * c] & 0xff) != c + 1) {
                                return false;
                            }
                        }
                    }
                    break;
                case 0xdb, 0xc4, 0xdd, 0xfe:
                    break;
                default:
                    return false;
            }
            i += 2 + length;
        }
        return false;
    }
}
