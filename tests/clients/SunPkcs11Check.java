// Java SunPKCS11 against a PKCS#11 module, run by java.sh:
//     java SunPkcs11Check.java CONFIG PIN ALIAS...
// CONFIG is a SunPKCS11 configuration (name, library, slot); the ALIASes are
// the labels of key pairs that have a certificate on the token.  Each check
// prints its diagnostics and then one line
//     RESULT <name> <PASS|FAIL|SKIP> <milliseconds> <description>
// which java.sh imports into lib.sh's reporting (known failures included).
// The exit status is 0 when every check ran (whatever their results), 3 when
// the provider or the KeyStore could not be set up.
// Signatures and ciphertexts made by the token are checked with the JDK's own
// providers (SunRsaSign, SunEC, SunJCE), and the other way round.

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

public class SunPkcs11Check {
    static class Skip extends Exception {
        Skip(String why) { super(why); }
    }

    interface Body {
        void run() throws Exception;
    }

    static Provider p11;
    static KeyStore ks;
    static final SecureRandom rnd = new SecureRandom();

    static void check(String name, String description, Body body) {
        long t0 = System.nanoTime();
        String status = "PASS";
        String why = "";
        try {
            body.run();
        } catch (Skip e) {
            status = "SKIP";
            why = " -- " + e.getMessage();
        } catch (Throwable e) {
            status = "FAIL";
            System.out.println("FAILED: " + e);
            e.printStackTrace(System.out);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("RESULT " + name + " " + status + " " + ms + " " + description + why);
        System.out.flush();
    }

    static void expect(boolean cond, String message) {
        if (!cond) throw new AssertionError(message);
    }

    static Provider jdk(String name) {
        Provider p = Security.getProvider(name);
        if (p == null) throw new AssertionError("JDK provider " + name + " missing");
        return p;
    }

    static String algorithmOf(PrivateKey key) {
        return key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    }

    static void signWith(String alias) throws Exception {
        Key k = ks.getKey(alias, null);
        expect(k instanceof PrivateKey, alias + ": no private key entry (got " + k + ")");
        PrivateKey priv = (PrivateKey) k;
        Certificate cert = ks.getCertificate(alias);
        expect(cert != null, alias + ": no certificate");
        PublicKey pub = cert.getPublicKey();
        String alg = algorithmOf(priv);
        byte[] data = new byte[4096];
        rnd.nextBytes(data);
        Signature s = Signature.getInstance(alg, p11);
        s.initSign(priv);
        s.update(data);
        byte[] sig = s.sign();
        System.out.println("  " + alias + ": " + priv.getAlgorithm() + " key, " + alg + " signature of " + sig.length + " bytes");
        Signature v = Signature.getInstance(alg, jdk(alg.endsWith("ECDSA") ? "SunEC" : "SunRsaSign"));
        v.initVerify(pub);
        v.update(data);
        expect(v.verify(sig), alias + ": the JDK rejects the token's " + alg + " signature");
        data[0] ^= 1;
        v.initVerify(pub);
        v.update(data);
        expect(!v.verify(sig), alias + ": the JDK accepts the signature for altered data");
        // And the token verifies it too (with the certificate's public key).
        data[0] ^= 1;
        Signature tv = Signature.getInstance(alg, p11);
        tv.initVerify(pub);
        tv.update(data);
        expect(tv.verify(sig), alias + ": the token rejects its own signature");
    }

    static String firstAlias(String algorithm) throws Exception {
        for (String a : Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(a) && ks.getKey(a, null).getAlgorithm().equals(algorithm)) return a;
        }
        throw new AssertionError("no " + algorithm + " key entry in the KeyStore");
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java SunPkcs11Check.java CONFIG PIN ALIAS...");
            System.exit(2);
        }
        String config = args[0];
        char[] pin = args[1].toCharArray();
        List<String> expected = Arrays.asList(args).subList(2, args.length);

        check("provider", "SunPKCS11 configured with the module (C_Initialize, slot, mechanisms)", () -> {
            Provider base = Security.getProvider("SunPKCS11");
            expect(base != null, "SunPKCS11 provider missing from the JDK");
            p11 = base.configure(config);
            Security.addProvider(p11);
            System.out.println("  " + p11.getName() + ": " + p11.getInfo());
            expect(p11.getService("Signature", "SHA256withRSA") != null, "no SHA256withRSA service (CKM_RSA_PKCS / CKM_SHA256_RSA_PKCS)");
            expect(p11.getService("Signature", "SHA256withECDSA") != null, "no SHA256withECDSA service (CKM_ECDSA)");
        });
        if (p11 == null) System.exit(3);  // nothing else can run

        check("wrong-pin", "KeyStore.load with a wrong PIN fails with CKR_PIN_INCORRECT", () -> {
            KeyStore bad = KeyStore.getInstance("PKCS11", p11);
            try {
                bad.load(null, "000000".toCharArray());
            } catch (java.io.IOException e) {
                Throwable cause = e;
                String all = "";
                for (; cause != null; cause = cause.getCause()) all += cause + " / ";
                System.out.println("  refused: " + all);
                expect(all.contains("CKR_PIN_INCORRECT"), "refused, but not with CKR_PIN_INCORRECT");
                return;
            }
            throw new AssertionError("a wrong PIN was accepted");
        });

        check("keystore-login", "KeyStore.load with the PIN (C_Login)", () -> {
            ks = KeyStore.getInstance("PKCS11", p11);
            ks.load(null, pin);
        });
        if (ks == null) System.exit(3);

        check("aliases", "KeyStore aliases: the certificate-backed key pairs " + expected, () -> {
            List<String> aliases = Collections.list(ks.aliases());
            System.out.println("  aliases: " + aliases);
            for (String a : expected) {
                expect(aliases.contains(a), "alias " + a + " missing");
                expect(ks.isKeyEntry(a), a + " is not a key entry (private key not paired with its certificate by CKA_ID)");
                Certificate c = ks.getCertificate(a);
                expect(c instanceof X509Certificate, a + ": no X.509 certificate");
                System.out.println("  " + a + ": " + ((X509Certificate) c).getSubjectX500Principal());
            }
        });

        for (String a : expected) {
            check("sign-" + a, "Signature with the token key " + a + ", verified by the JDK and the token", () -> signWith(a));
        }

        check("sign-rsa-pss", "RSASSA-PSS (SHA-256, MGF1-SHA256, salt 32) with the token RSA key, verified by the JDK", () -> {
            if (p11.getService("Signature", "RSASSA-PSS") == null) throw new Skip("provider has no RSASSA-PSS (module lacks CKM_RSA_PKCS_PSS)");
            String alias = firstAlias("RSA");
            PrivateKey priv = (PrivateKey) ks.getKey(alias, null);
            PublicKey pub = ks.getCertificate(alias).getPublicKey();
            PSSParameterSpec spec = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
            byte[] data = "p11forge".getBytes(StandardCharsets.UTF_8);
            Signature s = Signature.getInstance("RSASSA-PSS", p11);
            s.setParameter(spec);
            s.initSign(priv);
            s.update(data);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance("RSASSA-PSS", jdk("SunRsaSign"));
            v.setParameter(spec);
            v.initVerify(pub);
            v.update(data);
            expect(v.verify(sig), "the JDK rejects the token's RSASSA-PSS signature");
        });

        check("rsa-decrypt", "RSA/ECB/PKCS1Padding: JDK encrypts to the certificate key, the token decrypts", () -> {
            String alias = firstAlias("RSA");
            PrivateKey priv = (PrivateKey) ks.getKey(alias, null);
            RSAPublicKey pub = (RSAPublicKey) ks.getCertificate(alias).getPublicKey();
            byte[] secret = new byte[48];
            rnd.nextBytes(secret);
            Cipher enc = Cipher.getInstance("RSA/ECB/PKCS1Padding", jdk("SunJCE"));
            enc.init(Cipher.ENCRYPT_MODE, pub);
            byte[] ct = enc.doFinal(secret);
            Cipher dec = Cipher.getInstance("RSA/ECB/PKCS1Padding", p11);
            dec.init(Cipher.DECRYPT_MODE, priv);
            expect(Arrays.equals(dec.doFinal(ct), secret), "token RSA decryption differs");
        });

        check("digest", "MessageDigest SHA-256 through the token equals the JDK's", () -> {
            if (p11.getService("MessageDigest", "SHA-256") == null) throw new Skip("no SHA-256 digest (CKM_SHA256)");
            byte[] data = new byte[100_000];
            rnd.nextBytes(data);
            byte[] a = MessageDigest.getInstance("SHA-256", p11).digest(data);
            byte[] b = MessageDigest.getInstance("SHA-256", jdk("SUN")).digest(data);
            expect(Arrays.equals(a, b), "SHA-256 differs");
        });

        check("random", "SecureRandom from the token (C_GenerateRandom)", () -> {
            SecureRandom r = SecureRandom.getInstance("PKCS11", p11);
            byte[] x = new byte[32], y = new byte[32];
            r.nextBytes(x);
            r.nextBytes(y);
            expect(!Arrays.equals(x, y), "two random blocks are equal");
        });

        check("aes", "AES/CBC/PKCS5Padding and AES/GCM/NoPadding with a token AES key, checked against SunJCE", () -> {
            if (p11.getService("Cipher", "AES/CBC/PKCS5Padding") == null) throw new Skip("no AES/CBC/PKCS5Padding (CKM_AES_CBC_PAD)");
            // An imported (session) key of known value, so SunJCE can check.
            byte[] raw = new byte[32];
            rnd.nextBytes(raw);
            SecretKeySpec spec = new SecretKeySpec(raw, "AES");
            byte[] iv = new byte[16];
            rnd.nextBytes(iv);
            byte[] pt = new byte[1000];
            rnd.nextBytes(pt);
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding", p11);
            c.init(Cipher.ENCRYPT_MODE, spec, new IvParameterSpec(iv));
            byte[] ct = c.doFinal(pt);
            Cipher ref = Cipher.getInstance("AES/CBC/PKCS5Padding", jdk("SunJCE"));
            ref.init(Cipher.DECRYPT_MODE, spec, new IvParameterSpec(iv));
            expect(Arrays.equals(ref.doFinal(ct), pt), "SunJCE cannot decrypt the token's AES-CBC-PAD");
            if (p11.getService("Cipher", "AES/GCM/NoPadding") != null) {
                byte[] nonce = new byte[12];
                rnd.nextBytes(nonce);
                Cipher g = Cipher.getInstance("AES/GCM/NoPadding", p11);
                g.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(128, nonce));
                g.updateAAD("aad".getBytes(StandardCharsets.UTF_8));
                byte[] gct = g.doFinal(pt);
                Cipher gref = Cipher.getInstance("AES/GCM/NoPadding", jdk("SunJCE"));
                gref.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(128, nonce));
                gref.updateAAD("aad".getBytes(StandardCharsets.UTF_8));
                expect(Arrays.equals(gref.doFinal(gct), pt), "SunJCE cannot decrypt the token's AES-GCM");
                System.out.println("  AES-GCM checked too");
            } else {
                System.out.println("  note: no AES/GCM/NoPadding service");
            }
            // A key generated by the token.
            KeyGenerator kg = KeyGenerator.getInstance("AES", p11);
            kg.init(256);
            SecretKey gen = kg.generateKey();
            c.init(Cipher.ENCRYPT_MODE, gen, new IvParameterSpec(iv));
            byte[] ct2 = c.doFinal(pt);
            c.init(Cipher.DECRYPT_MODE, gen, new IvParameterSpec(iv));
            expect(Arrays.equals(c.doFinal(ct2), pt), "round trip with a token-generated AES key");
        });

        check("keygen-ec", "KeyPairGenerator EC secp256r1 on the token, SHA256withECDSA verified by SunEC", () -> {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", p11);
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            expect(kp.getPublic() instanceof ECPublicKey, "public key is not an ECPublicKey");
            byte[] data = "generated in Java".getBytes(StandardCharsets.UTF_8);
            Signature s = Signature.getInstance("SHA256withECDSA", p11);
            s.initSign(kp.getPrivate());
            s.update(data);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance("SHA256withECDSA", jdk("SunEC"));
            v.initVerify(kp.getPublic());
            v.update(data);
            expect(v.verify(sig), "SunEC rejects the signature of a token-generated EC key");
        });

        check("keygen-rsa", "KeyPairGenerator RSA 2048 on the token, SHA256withRSA verified by SunRsaSign", () -> {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", p11);
            g.initialize(2048);
            KeyPair kp = g.generateKeyPair();
            expect(((RSAPublicKey) kp.getPublic()).getModulus().bitLength() == 2048, "modulus is not 2048 bits");
            byte[] data = "generated in Java".getBytes(StandardCharsets.UTF_8);
            Signature s = Signature.getInstance("SHA256withRSA", p11);
            s.initSign(kp.getPrivate());
            s.update(data);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance("SHA256withRSA", jdk("SunRsaSign"));
            v.initVerify(kp.getPublic());
            v.update(data);
            expect(v.verify(sig), "SunRsaSign rejects the signature of a token-generated RSA key");
        });

        // Failed checks are reported by their RESULT lines; a non-zero exit
        // means the program could not run all of them (3) or crashed.
        System.exit(0);
    }
}
