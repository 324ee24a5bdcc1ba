package dev.citywatch.alerting.webhook;

import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What staff read, in Korean and English: the event name, a description built from the evidence,
 * and what to do. Shared by the JSON body, CAP, the console and the receiver, so they agree.
 */
public final class AlertTexts {
  private AlertTexts() {}

  /** A language: {@code ko} or {@code en}. */
  public enum Lang {
    KO,
    EN
  }

  public static String event(AlertKind kind, Lang lang) {
    return switch (kind) {
      case FLOOD -> lang == Lang.KO ? "하천 홍수" : "River flood";
      case HEAVY_RAIN -> lang == Lang.KO ? "호우" : "Heavy rain";
      case EARTHQUAKE -> lang == Lang.KO ? "지진" : "Earthquake";
      case FIRE -> lang == Lang.KO ? "화재" : "Fire";
      case AIR_QUALITY -> lang == Lang.KO ? "미세먼지" : "Particulate matter";
      case TRAFFIC_CONGESTION -> lang == Lang.KO ? "교통 정체" : "Traffic congestion";
      case TRAFFIC_INCIDENT -> lang == Lang.KO ? "교통 돌발상황" : "Traffic incident";
      case TRAFFIC_ANOMALY -> lang == Lang.KO ? "교통 이상 패턴" : "Unusual traffic";
      case DEVICE_FAULT -> lang == Lang.KO ? "장비 이상" : "Device fault";
    };
  }

  public static String headline(Alert a, Lang lang) {
    String base = lang == Lang.KO ? a.headlineKo() : a.headlineEn();
    if (a.state() != Alert.State.RESOLVED) return base;
    return (lang == Lang.KO ? "[해제] " : "[Ended] ") + base;
  }

  /** The headline, the place and every evidence value, e.g. {@code rain_3h_mm 64.5}. */
  public static String description(Alert a, Lang lang) {
    String evidence = a.evidence().entrySet().stream()
        .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.2f", e.getValue()))
        .collect(Collectors.joining(", "));
    String severity = lang == Lang.KO ? a.severity().korean() : a.severity().name();
    String place = a.area().isEmpty() ? a.subject() : a.area() + " (" + a.subject() + ")";
    return lang == Lang.KO
        ? headline(a, lang) + ". 단계 " + severity + ", 위치 " + place + ". 관측값: " + evidence + "."
        : headline(a, lang) + ". Level " + severity + ", at " + place + ". Evidence: " + evidence + ".";
  }

  public static String instruction(Alert a, Lang lang) {
    if (a.state() == Alert.State.RESOLVED) {
      return lang == Lang.KO ? "상황이 해제되었습니다. 현장 안전을 확인하십시오." : "The situation has ended. Confirm the site is safe.";
    }
    Map<AlertKind, String[]> texts = Map.of(
        AlertKind.FLOOD, new String[] {"하천변 접근을 통제하고 저지대 주민 대피를 준비하십시오.",
            "Close riverside access and prepare to evacuate low-lying areas."},
        AlertKind.HEAVY_RAIN, new String[] {"지하차도와 저지대를 점검하고 배수 시설을 확인하십시오.",
            "Check underpasses, low-lying roads and drainage."},
        AlertKind.EARTHQUAKE, new String[] {"시설물 피해를 점검하고 여진에 대비하십시오.",
            "Inspect structures for damage and prepare for aftershocks."},
        AlertKind.FIRE, new String[] {"소방서에 즉시 출동을 요청하고 주변을 통제하십시오.",
            "Dispatch the fire service at once and secure the area."},
        AlertKind.AIR_QUALITY, new String[] {"야외 활동 자제를 안내하고 민감군 보호 조치를 하십시오.",
            "Advise against outdoor activity and protect sensitive groups."},
        AlertKind.TRAFFIC_CONGESTION, new String[] {"신호 운영과 우회 안내를 검토하십시오.",
            "Review signal timing and detour information."},
        AlertKind.TRAFFIC_INCIDENT, new String[] {"CCTV로 현장을 확인하고 필요하면 출동시키십시오.",
            "Check the site on CCTV and dispatch if needed."},
        AlertKind.TRAFFIC_ANOMALY, new String[] {"평소와 다른 교통 흐름을 확인하십시오.",
            "Look into traffic that differs from the usual pattern."},
        AlertKind.DEVICE_FAULT, new String[] {"장비 점검을 배정하십시오.", "Assign a maintenance check of the device."});
    return texts.get(a.kind())[lang == Lang.KO ? 0 : 1];
  }
}
