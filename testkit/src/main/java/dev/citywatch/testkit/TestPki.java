package dev.citywatch.testkit;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for TLS tests: a CA, server certificates for localhost and
 * device (client) certificates, written as PEM files that Vert.x, Java clients and
 * {@code mosquitto_pub} all read. Keys are EC P-256.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  private final Path directory;
  private final X500Name name;
  private final KeyPair keys;
  private final X509Certificate certificate;
  private final Path certificateFile;

  /** A certificate and its private key, as PEM files. */
  public record Issued(Path certificate, Path privateKey, X509Certificate x509, KeyPair keys, X509Certificate issuer) {}

  private TestPki(Path directory, X500Name name, KeyPair keys, X509Certificate certificate, Path certificateFile) {
    this.directory = directory;
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
    this.certificateFile = certificateFile;
  }

  /** A new CA named {@code commonName}, its files under {@code directory}. */
  public static TestPki create(Path directory, String commonName) throws IOException, GeneralSecurityException {
    Files.createDirectories(directory);
    KeyPair keys = newKeys();
    X500Name name = new X500Name("CN=" + commonName + ",O=CityWatch tests");
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(2))), name, keys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate cert = sign(builder, keys);
    Path file = directory.resolve(fileName(commonName) + "-ca.pem");
    writePem(file, cert);
    return new TestPki(directory, name, keys, cert, file);
  }

  public Path caCertificate() {
    return certificateFile;
  }

  /** A server certificate for localhost and 127.0.0.1. */
  public Issued server(String commonName) throws IOException, GeneralSecurityException {
    GeneralNames sans = new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())});
    return issue(commonName, sans, KeyPurposeId.id_kp_serverAuth);
  }

  /** A client certificate with {@code commonName} as its CN and no other name. */
  public Issued client(String commonName) throws IOException, GeneralSecurityException {
    return issue(commonName, null, KeyPurposeId.id_kp_clientAuth);
  }

  /** A client certificate whose CN is {@code commonName} and whose e-mail SAN is {@code san}. */
  public Issued client(String commonName, String san) throws IOException, GeneralSecurityException {
    return issue(commonName, new GeneralNames(new GeneralName(GeneralName.rfc822Name, san)), KeyPurposeId.id_kp_clientAuth);
  }

  /**
   * A client TLS context that trusts this CA and, when {@code clientCertificate} is given, presents
   * it (which may come from another CA, to test refusals).
   */
  public SSLContext clientContext(Issued clientCertificate) throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", certificate);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (clientCertificate != null) {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry("device", clientCertificate.keys().getPrivate(), new char[0],
          new java.security.cert.Certificate[] {clientCertificate.x509(), clientCertificate.issuer()});
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, new char[0]);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
    return context;
  }

  private Issued issue(String commonName, GeneralNames sans, KeyPurposeId purpose) throws IOException, GeneralSecurityException {
    KeyPair subjectKeys = newKeys();
    Instant now = Instant.now();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=" + commonName), subjectKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    if (sans != null) {
      builder.addExtension(Extension.subjectAlternativeName, false, sans);
    }
    X509Certificate cert = sign(builder, keys);
    String base = fileName(commonName) + "-" + SERIAL.incrementAndGet();
    Path certFile = directory.resolve(base + ".pem");
    Path keyFile = directory.resolve(base + ".key");
    List<Object> chain = new ArrayList<>(List.of(cert));
    writePem(certFile, chain.toArray());
    writePem(keyFile, new JcaPKCS8Generator(subjectKeys.getPrivate(), null).generate());
    return new Issued(certFile, keyFile, cert, subjectKeys, certificate);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys) throws GeneralSecurityException {
    try {
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair newKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static String fileName(String commonName) {
    return commonName.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static void writePem(Path file, Object... objects) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        pem.writeObject(o);
      }
    }
  }
}
