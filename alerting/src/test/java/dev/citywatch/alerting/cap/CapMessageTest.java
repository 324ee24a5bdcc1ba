package dev.citywatch.alerting.cap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.Severity;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CapMessageTest {
  private static final Instant FIRED = Instant.parse("2026-07-14T05:30:00Z");
  private final CapMessage cap = new CapMessage("citywatch.local", "Exercise", Duration.ofHours(6), "http://127.0.0.1:8088/console/");

  private static Alert step(long version, Alert.State state, Severity severity) {
    Instant at = FIRED.plusSeconds(600 * (version - 1));
    return new Alert(Alert.SCHEMA, Alert.idFor("wonju", AlertKind.FLOOD, "wonju-rv-003", FIRED), version, "wonju", AlertKind.FLOOD,
        "wonju-rv-003", state, severity, "원주천 수위 " + severity.korean(), "Wonjucheon stage " + severity.name(),
        new GeoPoint(37.295, 127.9595), "판부면", Map.of("level_m", 2.81, "rise_m_per_h", 0.62), at.minusSeconds(900), at, at,
        at.plusMillis(30), at.plusMillis(35), at.plusMillis(40), at.plusMillis(60), at.plusMillis(70));
  }

  private static Document parse(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }

  private static void validate(byte[] xml) throws Exception {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory.newSchema(CapMessageTest.class.getResource("/cap/cap-1.2-structure.xsd")).newValidator()
        .validate(new StreamSource(new ByteArrayInputStream(xml)));
  }

  private static String text(Element parent, String name) {
    NodeList n = parent.getElementsByTagNameNS(CapMessage.NAMESPACE, name);
    return n.getLength() == 0 ? null : n.item(0).getTextContent();
  }

  @Test
  void aFiringAlertIsAWellFormedCap12AlertWithEveryRequiredElement() throws Exception {
    byte[] xml = cap.write(step(1, Alert.State.FIRING, Severity.WARNING), List.of());
    validate(xml);
    Element root = parse(xml).getDocumentElement();
    assertThat(root.getNamespaceURI()).isEqualTo("urn:oasis:names:tc:emergency:cap:1.2");
    assertThat(root.getLocalName()).isEqualTo("alert");
    assertThat(text(root, "identifier")).isEqualTo("citywatch:wonju:flood:wonju-rv-003:" + FIRED.getEpochSecond() + ":v1");
    assertThat(text(root, "sender")).isEqualTo("citywatch.wonju@citywatch.local");
    assertThat(text(root, "sent")).isEqualTo("2026-07-14T14:30:00+09:00");
    assertThat(text(root, "status")).isEqualTo("Exercise");
    assertThat(text(root, "msgType")).isEqualTo("Alert");
    assertThat(text(root, "scope")).isEqualTo("Restricted");
    assertThat(text(root, "restriction")).isNotBlank();
    assertThat(text(root, "references")).isNull();
    NodeList infos = root.getElementsByTagNameNS(CapMessage.NAMESPACE, "info");
    assertThat(infos.getLength()).isEqualTo(2);
    Element ko = (Element) infos.item(0);
    Element en = (Element) infos.item(1);
    assertThat(text(ko, "language")).isEqualTo("ko-KR");
    assertThat(text(en, "language")).isEqualTo("en-US");
    for (Element info : List.of(ko, en)) {
      assertThat(text(info, "category")).isEqualTo("Met");
      assertThat(text(info, "urgency")).isEqualTo("Immediate");
      assertThat(text(info, "severity")).isEqualTo("Severe");
      assertThat(text(info, "certainty")).isEqualTo("Likely");
      assertThat(text(info, "responseType")).isEqualTo("Prepare");
      assertThat(text(info, "onset")).isEqualTo("2026-07-14T14:15:00+09:00");
      assertThat(text(info, "expires")).isEqualTo("2026-07-14T20:30:00+09:00");
      assertThat(text(info, "areaDesc")).isEqualTo("판부면 (wonju-rv-003)");
      assertThat(text(info, "circle")).isEqualTo("37.29500,127.95950 2.0");
      assertThat(text(info, "description")).contains("level_m 2.81");
      assertThat(text(info, "instruction")).isNotBlank();
    }
    assertThat(text(ko, "event")).isEqualTo("하천 홍수");
    assertThat(text(ko, "headline")).isEqualTo("원주천 수위 경계");
    assertThat(text(en, "event")).isEqualTo("River flood");
    assertThat(text(en, "headline")).isEqualTo("Wonjucheon stage WARNING");
  }

  @Test
  void updatesAndTheCancelReferenceEveryEarlierMessageBySenderIdentifierAndSent() throws Exception {
    Alert firing = step(1, Alert.State.FIRING, Severity.CAUTION);
    Alert updated = step(2, Alert.State.UPDATED, Severity.SEVERE);
    Alert resolved = step(3, Alert.State.RESOLVED, Severity.SEVERE);
    byte[] update = cap.write(updated, List.of(firing));
    byte[] cancel = cap.write(resolved, List.of(firing, updated, resolved));
    validate(update);
    validate(cancel);
    Element u = parse(update).getDocumentElement();
    Element c = parse(cancel).getDocumentElement();
    assertThat(text(u, "msgType")).isEqualTo("Update");
    assertThat(text(u, "references")).isEqualTo("citywatch.wonju@citywatch.local," + CapMessage.identifier(firing) + ",2026-07-14T14:30:00+09:00");
    assertThat(text(c, "msgType")).isEqualTo("Cancel");
    assertThat(text(c, "references").split(" ")).containsExactly(
        "citywatch.wonju@citywatch.local," + CapMessage.identifier(firing) + ",2026-07-14T14:30:00+09:00",
        "citywatch.wonju@citywatch.local," + CapMessage.identifier(updated) + ",2026-07-14T14:40:00+09:00");
    Element info = (Element) c.getElementsByTagNameNS(CapMessage.NAMESPACE, "info").item(0);
    assertThat(text(info, "urgency")).isEqualTo("Past");
    assertThat(text(info, "certainty")).isEqualTo("Observed");
    assertThat(text(info, "responseType")).isEqualTo("AllClear");
    assertThat(text(info, "severity")).isEqualTo("Extreme");
    assertThat(text(info, "expires")).isEqualTo(text(c, "sent"));
  }

  @Test
  void everyKindAndLevelMapsOntoTheCapValueListsAndValidates() throws Exception {
    List<String> categories = new ArrayList<>();
    for (AlertKind kind : AlertKind.values()) {
      for (Severity severity : Severity.values()) {
        Alert a = new Alert(Alert.SCHEMA, Alert.idFor("wonju", kind, "x-1", FIRED), 1, "wonju", kind, "x-1", Alert.State.FIRING,
            severity, "가 & <나>", "A & <B>", new GeoPoint(37.3, 127.9), "", Map.of(), null, null, FIRED, FIRED, null, null, FIRED, FIRED);
        byte[] xml = cap.write(a, List.of());
        validate(xml);
        categories.add(text(parse(xml).getDocumentElement(), "category"));
      }
    }
    assertThat(categories).containsOnly("Met", "Geo", "Fire", "Env", "Transport", "Infra");
    assertThat(CapLevels.severity(Severity.ATTENTION)).isEqualTo("Minor");
    assertThat(CapLevels.severity(Severity.CAUTION)).isEqualTo("Moderate");
    assertThat(CapLevels.severity(Severity.WARNING)).isEqualTo("Severe");
    assertThat(CapLevels.severity(Severity.SEVERE)).isEqualTo("Extreme");
  }
}
