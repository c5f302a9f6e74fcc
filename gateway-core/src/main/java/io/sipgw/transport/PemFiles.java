package io.sipgw.transport;

import javax.net.ssl.SSLException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files (RFC 7468): X.509 certificate chains and unencrypted private keys in PKCS#8, PKCS#1 (RSA) or
 * SEC1 (EC) form, with errors that name the file and what is wrong with it.
 */
final class PemFiles {

    /** A PEM file larger than this is certainly something else (a certificate chain is a few kilobytes). */
    private static final long MAX_SIZE = 1 << 20;

    // RFC 7468 section 2: the label of the END line repeats the one of the BEGIN line.
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    // Algorithm identifiers of PKCS#8 PrivateKeyInfo (RFC 5208 section 5): rsaEncryption (RFC 8017 appendix A.1)
    // and id-ecPublicKey (RFC 5480 section 2.1.1), as complete DER encodings.
    private static final byte[] RSA_ENCRYPTION = Der.encode(Der.OBJECT_IDENTIFIER,
            new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01});
    private static final byte[] EC_PUBLIC_KEY = Der.encode(Der.OBJECT_IDENTIFIER,
            new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01});
    private static final byte[] DER_NULL = {Der.NULL, 0};
    private static final byte[] VERSION_0 = {Der.INTEGER, 1, 0};

    private PemFiles() {
    }

    /** One PEM block: its label (e.g. {@code CERTIFICATE}) and its raw text between the lines. */
    private record Block(String label, String body) {
    }

    /** Reads every certificate of a PEM file, leaf first as written; {@code role} names the file in errors. */
    static List<X509Certificate> readCertificates(Path path, String role) throws SSLException {
        String what = role + " " + path;
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : readBlocks(path, what)) {
                if (block.label.equals("CERTIFICATE")) {
                    byte[] der = decodeBase64(block, what);
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                }
            }
        } catch (CertificateException e) {
            throw new SSLException(what + " contains a malformed certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new SSLException(what + " is not a PEM certificate file: no '-----BEGIN CERTIFICATE-----' block");
        }
        return certificates;
    }

    /**
     * Reads the one unencrypted private key of a PEM file: {@code PRIVATE KEY} (PKCS#8), {@code RSA PRIVATE KEY}
     * (PKCS#1) or {@code EC PRIVATE KEY} (SEC1); other blocks such as {@code EC PARAMETERS} are ignored.
     */
    static PrivateKey readPrivateKey(Path path, String role) throws SSLException {
        String what = role + " " + path;
        List<Block> keys = new ArrayList<>();
        for (Block block : readBlocks(path, what)) {
            if (block.label.endsWith("PRIVATE KEY")) {
                keys.add(block);
            }
        }
        if (keys.isEmpty()) {
            throw new SSLException(what + " is not a PEM private key file: no '-----BEGIN PRIVATE KEY-----', "
                    + "'-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN EC PRIVATE KEY-----' block");
        }
        if (keys.size() > 1) {
            throw new SSLException(what + " contains " + keys.size() + " private keys; expected exactly one");
        }
        Block key = keys.get(0);
        if (key.label.equals("ENCRYPTED PRIVATE KEY") || key.body.contains("Proc-Type:")) {
            throw new SSLException(what + " holds an encrypted private key; give the gateway an unencrypted one "
                    + "(e.g. 'openssl pkey -in encrypted.pem -out key.pem') and protect it with file permissions");
        }
        byte[] der = decodeBase64(key, what);
        try {
            return switch (key.label) {
                case "PRIVATE KEY" -> pkcs8(der);
                case "RSA PRIVATE KEY" -> pkcs8(rsaToPkcs8(der));
                case "EC PRIVATE KEY" -> pkcs8(ecToPkcs8(der));
                default -> throw new SSLException(what + " holds a '" + key.label + "' block, which is not supported;"
                        + " use PKCS#8 ('PRIVATE KEY'), PKCS#1 ('RSA PRIVATE KEY') or SEC1 ('EC PRIVATE KEY')");
            };
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SSLException(what + " holds a '" + key.label + "' block that is not a valid key: "
                    + e.getMessage(), e);
        }
    }

    /** The PEM text of one block (RFC 7468 section 2), 64 base64 characters a line. */
    static String toPem(String label, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
    }

    /**
     * Wraps a PKCS#1 RSAPrivateKey (RFC 8017 appendix A.1.2) in a PKCS#8 PrivateKeyInfo (RFC 5208 section 5):
     * version 0, algorithm rsaEncryption with NULL parameters, the PKCS#1 structure as the key octets.
     */
    static byte[] rsaToPkcs8(byte[] pkcs1) {
        Der.readWhole(pkcs1).expect(Der.SEQUENCE, "RSAPrivateKey SEQUENCE");
        byte[] algorithm = Der.encode(Der.SEQUENCE, RSA_ENCRYPTION, DER_NULL);
        return Der.encode(Der.SEQUENCE, VERSION_0, algorithm, Der.encode(Der.OCTET_STRING, pkcs1));
    }

    /**
     * Wraps a SEC1 ECPrivateKey (RFC 5915 section 3) in a PKCS#8 PrivateKeyInfo: algorithm id-ecPublicKey with
     * the named curve taken from the key's {@code [0]} parameters (RFC 5480 section 2.1.1).
     */
    static byte[] ecToPkcs8(byte[] sec1) {
        Der.Element curve = null;
        for (Der.Element field : Der.readWhole(sec1).expect(Der.SEQUENCE, "ECPrivateKey SEQUENCE").children()) {
            if (field.tag() == Der.CONTEXT_0) {
                curve = Der.readWhole(field.value()).expect(Der.OBJECT_IDENTIFIER, "named curve OID");
            }
        }
        if (curve == null) {
            throw new IllegalArgumentException("the EC key names no curve (no [0] parameters)");
        }
        byte[] algorithm = Der.encode(Der.SEQUENCE, EC_PUBLIC_KEY, curve.encoded());
        return Der.encode(Der.SEQUENCE, VERSION_0, algorithm, Der.encode(Der.OCTET_STRING, sec1));
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        // PrivateKeyInfo: SEQUENCE { version, AlgorithmIdentifier SEQUENCE { OID, parameters }, key OCTET STRING }
        List<Der.Element> fields = Der.readWhole(der).expect(Der.SEQUENCE, "PrivateKeyInfo SEQUENCE").children();
        if (fields.size() < 3) {
            throw new IllegalArgumentException("malformed DER: PrivateKeyInfo has " + fields.size() + " fields");
        }
        byte[] oid = fields.get(1).expect(Der.SEQUENCE, "AlgorithmIdentifier").children().get(0).encoded();
        String algorithm;
        if (Arrays.equals(oid, RSA_ENCRYPTION)) {
            algorithm = "RSA";
        } else if (Arrays.equals(oid, EC_PUBLIC_KEY)) {
            algorithm = "EC";
        } else {
            throw new IllegalArgumentException("unsupported key algorithm; only RSA and EC keys are supported");
        }
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static List<Block> readBlocks(Path path, String what) throws SSLException {
        if (Files.isDirectory(path)) {
            throw new SSLException(what + " is a directory, not a PEM file");
        }
        String text;
        try {
            if (Files.size(path) > MAX_SIZE) {
                text = null;
            } else {
                // ISO-8859-1 maps every byte, so a binary (e.g. DER) file is reported as "not PEM" by the caller.
                text = Files.readString(path, StandardCharsets.ISO_8859_1);
            }
        } catch (NoSuchFileException e) {
            throw new SSLException(what + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new SSLException(what + " cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new SSLException(what + " cannot be read: " + e, e);
        }
        if (text == null) {
            throw new SSLException(what + " is larger than " + MAX_SIZE + " bytes, so not a PEM file");
        }
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            blocks.add(new Block(matcher.group(1), matcher.group(2)));
        }
        return blocks;
    }

    private static byte[] decodeBase64(Block block, String what) throws SSLException {
        try {
            return Base64.getDecoder().decode(block.body.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new SSLException(what + " has a '" + block.label + "' block that is not valid base64: "
                    + e.getMessage(), e);
        }
    }
}
