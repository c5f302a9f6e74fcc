package io.sipgw.transport;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The few ASN.1 DER operations (ITU-T X.690 section 8 and 10) needed to turn PKCS#1 and SEC1 private keys into
 * PKCS#8 without a crypto library: reading a tag-length-value element and its children, and writing one.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;
    /** {@code [0]} constructed, context-specific: the parameters of a SEC1 key (RFC 5915 section 3). */
    static final int CONTEXT_0 = 0xA0;

    private Der() {
    }

    /** One DER element: its tag and where it and its value lie in the source array. */
    record Element(int tag, byte[] source, int start, int valueOffset, int end) {

        /** A copy of the value octets. */
        byte[] value() {
            return Arrays.copyOfRange(source, valueOffset, end);
        }

        /** A copy of the whole encoding of this element (tag, length and value). */
        byte[] encoded() {
            return Arrays.copyOfRange(source, start, end);
        }

        /** The elements inside a constructed element, in order. */
        List<Element> children() {
            List<Element> children = new ArrayList<>();
            int pos = valueOffset;
            while (pos < end) {
                Element child = read(source, pos, end);
                children.add(child);
                pos = child.end;
            }
            return children;
        }

        /** Throws unless this element has the expected tag. */
        Element expect(int expectedTag, String what) {
            if (tag != expectedTag) {
                throw new IllegalArgumentException(String.format(
                        "malformed DER: expected %s (tag 0x%02x) but found tag 0x%02x", what, expectedTag, tag));
            }
            return this;
        }
    }

    /** Reads the element that spans the whole array. */
    static Element readWhole(byte[] source) {
        Element element = read(source, 0, source.length);
        if (element.end != source.length) {
            throw new IllegalArgumentException("malformed DER: " + (source.length - element.end)
                    + " trailing bytes");
        }
        return element;
    }

    /** Reads the element at {@code offset}, which must end by {@code limit}. */
    static Element read(byte[] source, int offset, int limit) {
        if (limit - offset < 2) {
            throw new IllegalArgumentException("malformed DER: truncated element at offset " + offset);
        }
        int tag = source[offset] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new IllegalArgumentException("malformed DER: multi-byte tags are not supported");
        }
        int pos = offset + 1;
        int length = source[pos++] & 0xff;
        if (length > 0x7f) {
            // X.690 section 8.1.3.5: long form, the low bits count the length octets that follow.
            int count = length & 0x7f;
            if (count == 0 || count > 3 || limit - pos < count) {
                throw new IllegalArgumentException("malformed DER: bad length at offset " + offset);
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (source[pos++] & 0xff);
            }
        }
        if (length > limit - pos) {
            throw new IllegalArgumentException("malformed DER: element at offset " + offset
                    + " is longer than its container");
        }
        return new Element(tag, source, offset, pos, pos + length);
    }

    /** Encodes one element from its tag and the concatenation of {@code parts} (already encoded children). */
    static byte[] encode(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
