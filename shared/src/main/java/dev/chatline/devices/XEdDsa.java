package dev.chatline.devices;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/**
 * Verifies the signatures libsignal's {@code ECPrivateKey.calculateSignature} makes (XEdDSA over Curve25519) with the
 * JDK's Ed25519 alone, so the server checks a signed device list without depending on libsignal (AGPL): the
 * Montgomery public key {@code u} becomes the Edwards point {@code y = (u - 1) / (u + 1)} whose sign bit the
 * signature carries in its last byte's top bit (cleared before the standard Ed25519 check), as libsignal's own
 * {@code verify_signature} does.
 */
public final class XEdDsa {
    /** libsignal's type byte of a serialized Curve25519 public key. */
    public static final byte DJB_TYPE = 0x05;
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    private XEdDsa() {
    }

    /**
     * @param publicKey a serialized libsignal public key (33 bytes, type byte 0x05) or its 32 raw bytes
     * @return true when {@code signature} (64 bytes) is a valid signature of {@code message} by that key
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        byte[] u = rawKey(publicKey);
        if (u == null || signature == null || signature.length != 64) {
            return false;
        }
        byte[] sig = signature.clone();
        boolean xOdd = (sig[63] & 0x80) != 0;
        sig[63] &= 0x7F;
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(edwardsKey(u, xOdd));
            verifier.update(message);
            return verifier.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The 32 little-endian bytes of the key, or null when it is not a Curve25519 public key. */
    static byte[] rawKey(byte[] publicKey) {
        if (publicKey == null) {
            return null;
        }
        if (publicKey.length == 33 && publicKey[0] == DJB_TYPE) {
            return Arrays.copyOfRange(publicKey, 1, 33);
        }
        return publicKey.length == 32 ? publicKey.clone() : null;
    }

    private static PublicKey edwardsKey(byte[] u, boolean xOdd) throws GeneralSecurityException {
        byte[] be = u.clone();
        be[31] &= 0x7F; // the unused top bit of u, masked as libsignal's MontgomeryPoint does
        BigInteger mont = new BigInteger(1, reverse(be)).mod(P);
        BigInteger y = mont.subtract(BigInteger.ONE).multiply(mont.add(BigInteger.ONE).modInverse(P)).mod(P);
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, y)));
    }

    private static byte[] reverse(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[b.length - 1 - i];
        }
        return out;
    }
}
