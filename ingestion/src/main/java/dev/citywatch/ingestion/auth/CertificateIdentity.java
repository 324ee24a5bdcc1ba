package dev.citywatch.ingestion.auth;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The device a verified client certificate names: {@code deviceId@tenant}, from an e-mail
 * (rfc822Name) subject alternative name, or else from the subject's CN. The TLS handshake has
 * already checked the chain against the device CA; this only reads the name.
 */
public final class CertificateIdentity {
  private static final int RFC822_NAME = 1;

  private CertificateIdentity() {}

  /** The name in the peer's certificate, or empty when the connection has no verified client certificate. */
  public static Optional<String> of(SSLSession session) {
    if (session == null) return Optional.empty();
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? name(x509) : Optional.empty();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }

  static Optional<String> name(X509Certificate certificate) {
    try {
      if (certificate.getSubjectAlternativeNames() != null) {
        for (List<?> san : certificate.getSubjectAlternativeNames()) {
          if (san.size() == 2 && Integer.valueOf(RFC822_NAME).equals(san.get(0)) && san.get(1) instanceof String email) {
            return Optional.of(email);
          }
        }
      }
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(rdn.getValue().toString());
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
