package dev.chatline.devices;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;

/**
 * Test-only: an account identity key pair whose signatures {@link XEdDsa} accepts, made with the JDK's Ed25519 (the
 * server modules cannot use libsignal): the Edwards public key becomes the Montgomery key {@code u = (1 + y) /
 * (1 - y)}, and each Ed25519 signature carries the key's sign bit in its last byte, as libsignal's do. The client
 * module's {@code XEdDsaCompatibilityTest} checks {@link XEdDsa} against real libsignal signatures.
 */
final class TestAccountKey {
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private final KeyPair pair;
    private final boolean xOdd;
    private final byte[] publicKey;

    TestAccountKey() {
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        EdECPoint point = ((EdECPublicKey) pair.getPublic()).getPoint();
        xOdd = point.isXOdd();
        BigInteger y = point.getY();
        BigInteger u = BigInteger.ONE.add(y).multiply(BigInteger.ONE.subtract(y).mod(P).modInverse(P)).mod(P);
        byte[] be = u.toByteArray();
        publicKey = new byte[33];
        publicKey[0] = XEdDsa.DJB_TYPE;
        for (int i = 0; i < 32 && i < be.length; i++) {
            publicKey[1 + i] = be[be.length - 1 - i];
        }
    }

    /** The serialized public key (33 bytes, type byte 0x05), as libsignal writes it. */
    byte[] publicKey() {
        return publicKey.clone();
    }

    byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(pair.getPrivate());
            s.update(message);
            byte[] sig = s.sign();
            if (xOdd) {
                sig[63] |= (byte) 0x80;
            }
            return sig;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
