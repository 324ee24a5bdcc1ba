package dev.citywatch.alerting.receiver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citywatch.alerting.cap.CapMessage;
import dev.citywatch.model.wire.WireJson;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The one line a receiver prints per alert: state, level, kind, headlines, place, and how long since the gateway took the reading behind it. */
final class AlertLine {
  private AlertLine() {}

  static String of(ReceivedAlert r, Instant now) {
    try {
      return r.contentType() != null && r.contentType().startsWith("application/cap+xml") ? cap(r) : json(r, now);
    } catch (Exception e) {
      return "[receiver] " + r.path() + " " + r.event() + " (body not understood: " + e.getMessage() + ")";
    }
  }

  private static String json(ReceivedAlert r, Instant now) throws Exception {
    JsonNode a = WireJson.mapper().readTree(r.body()).path("alert");
    // From when the gateway took the reading, not its event time: a simulation played faster than
    // real time stamps readings with simulated time, while receipt is always wall-clock time.
    String from = a.hasNonNull("received_at") ? "received_at" : "event_time";
    Duration age = Duration.between(Instant.parse(a.path(from).asText()), now);
    return String.format(Locale.ROOT, "[receiver] %-8s %s/%-9s %-18s %s / %s @ %s  reading→webhook %.2f s  key=%s",
        a.path("state").asText().toUpperCase(Locale.ROOT), a.path("severity_ko").asText(), a.path("severity").asText(),
        a.path("kind").asText(), a.path("headline").path("ko").asText(), a.path("headline").path("en").asText(),
        a.path("area").asText(), age.toMillis() / 1000.0, r.idempotencyKey());
  }

  private static String cap(ReceivedAlert r) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
    Element root = doc.getDocumentElement();
    NodeList infos = root.getElementsByTagNameNS(CapMessage.NAMESPACE, "info");
    String ko = text((Element) infos.item(0), "headline");
    String en = infos.getLength() > 1 ? text((Element) infos.item(1), "headline") : "";
    return String.format(Locale.ROOT, "[receiver] CAP %-6s %-8s %s / %s @ %s  key=%s", text(root, "msgType"),
        text((Element) infos.item(0), "severity"), ko, en, text((Element) infos.item(0), "areaDesc"), r.idempotencyKey());
  }

  private static String text(Element parent, String name) {
    NodeList nodes = parent.getElementsByTagNameNS(CapMessage.NAMESPACE, name);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
  }
}
