package dev.citywatch.alerting.cap;

import dev.citywatch.alerting.webhook.AlertTexts;
import dev.citywatch.alerting.webhook.AlertTexts.Lang;
import dev.citywatch.model.Alert;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes one alert step as an OASIS CAP 1.2 {@code <alert>}: FIRING is {@code Alert}, UPDATED an
 * {@code Update} and RESOLVED a {@code Cancel}, the latter two with {@code references} to every
 * earlier step; two {@code <info>} blocks, {@code ko-KR} and {@code en-US}; an {@code <area>} circle
 * around the alert's position. Times are CAP dateTimes in Korea Standard Time (CAP forbids "Z").
 */
public final class CapMessage {
  public static final String NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";
  private static final DateTimeFormatter CAP_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT).withZone(ZoneId.of("Asia/Seoul"));

  private final String senderDomain;
  private final String status;
  private final Duration validity;
  private final String consoleUrl;

  /**
   * @param status {@code Actual}, or {@code Exercise} for a drill or a simulated city
   * @param validity how long after it is sent a message expires unless updated
   */
  public CapMessage(String senderDomain, String status, Duration validity, String consoleUrl) {
    if (!List.of("Actual", "Exercise", "System", "Test", "Draft").contains(status)) {
      throw new IllegalArgumentException("CAP status must be Actual, Exercise, System, Test or Draft, got " + status);
    }
    this.senderDomain = senderDomain;
    this.status = status;
    this.validity = validity;
    this.consoleUrl = consoleUrl;
  }

  public static String identifier(Alert a) {
    return "citywatch:" + a.alertId() + ":v" + a.version();
  }

  public String sender(Alert a) {
    return "citywatch." + a.tenant() + "@" + senderDomain;
  }

  /** The time a step was sent: when the detector emitted it, so every delivery of it agrees. */
  public static String sent(Alert a) {
    return CAP_TIME.format(a.emittedAt().truncatedTo(ChronoUnit.SECONDS));
  }

  /** @param earlier the alert's earlier steps, oldest first (those with a lower version are referenced) */
  public byte[] write(Alert a, List<Alert> earlier) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      x.writeStartDocument("UTF-8", "1.0");
      x.writeStartElement("alert");
      x.writeDefaultNamespace(NAMESPACE);
      text(x, "identifier", identifier(a));
      text(x, "sender", sender(a));
      text(x, "sent", sent(a));
      text(x, "status", status);
      text(x, "msgType", CapLevels.msgType(a.state()));
      text(x, "source", "CityWatch");
      text(x, "scope", "Restricted");
      text(x, "restriction", "지자체 재난·교통 담당자 전용 / For municipal emergency and traffic staff only");
      String references = earlier.stream().filter(e -> e.version() < a.version())
          .map(e -> sender(e) + "," + identifier(e) + "," + sent(e)).collect(Collectors.joining(" "));
      if (a.state() != Alert.State.FIRING && !references.isEmpty()) text(x, "references", references);
      text(x, "incidents", a.alertId());
      info(x, a, Lang.KO);
      info(x, a, Lang.EN);
      x.writeEndElement();
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write CAP for " + a.alertId(), e);
    }
    return out.toByteArray();
  }

  private void info(XMLStreamWriter x, Alert a, Lang lang) throws XMLStreamException {
    x.writeStartElement("info");
    text(x, "language", lang == Lang.KO ? "ko-KR" : "en-US");
    text(x, "category", CapLevels.category(a.kind()));
    text(x, "event", AlertTexts.event(a.kind(), lang));
    text(x, "responseType", CapLevels.responseType(a));
    text(x, "urgency", CapLevels.urgency(a));
    text(x, "severity", CapLevels.severity(a.severity()));
    text(x, "certainty", CapLevels.certainty(a));
    x.writeStartElement("eventCode");
    text(x, "valueName", "CityWatch");
    text(x, "value", a.kind().id());
    x.writeEndElement();
    Instant sent = a.emittedAt();
    text(x, "onset", CAP_TIME.format((a.windowStart() != null ? a.windowStart() : a.eventTime()).truncatedTo(ChronoUnit.SECONDS)));
    text(x, "expires", CAP_TIME.format((a.state() == Alert.State.RESOLVED ? sent : sent.plus(validity)).truncatedTo(ChronoUnit.SECONDS)));
    text(x, "senderName", lang == Lang.KO ? "CityWatch " + a.tenant() + " 상황실" : "CityWatch " + a.tenant() + " operations centre");
    text(x, "headline", AlertTexts.headline(a, lang));
    text(x, "description", AlertTexts.description(a, lang));
    text(x, "instruction", AlertTexts.instruction(a, lang));
    text(x, "web", consoleUrl + "#" + a.alertId());
    parameter(x, "severity_ko", a.severity().korean());
    for (Map.Entry<String, Double> e : a.evidence().entrySet()) {
      parameter(x, e.getKey(), String.format(Locale.ROOT, "%.3f", e.getValue()));
    }
    x.writeStartElement("area");
    text(x, "areaDesc", a.area().isEmpty() ? a.subject() : a.area() + " (" + a.subject() + ")");
    if (a.location() != null) {
      text(x, "circle", String.format(Locale.ROOT, "%.5f,%.5f %.1f", a.location().lat(), a.location().lon(), CapLevels.radiusKm(a.kind())));
    }
    x.writeStartElement("geocode");
    text(x, "valueName", "CityWatchTenant");
    text(x, "value", a.tenant());
    x.writeEndElement();
    x.writeEndElement();
    x.writeEndElement();
  }

  private static void parameter(XMLStreamWriter x, String name, String value) throws XMLStreamException {
    x.writeStartElement("parameter");
    text(x, "valueName", name);
    text(x, "value", value);
    x.writeEndElement();
  }

  private static void text(XMLStreamWriter x, String name, String value) throws XMLStreamException {
    x.writeStartElement(name);
    x.writeCharacters(value);
    x.writeEndElement();
  }

}
