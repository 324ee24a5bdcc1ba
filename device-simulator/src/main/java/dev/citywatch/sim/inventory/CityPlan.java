package dev.citywatch.sim.inventory;

import dev.citywatch.sim.inventory.Geo.Point;
import java.util.List;

/**
 * The fixed geography a generated tenant is laid out on: districts with their centres, rivers as
 * polylines, roads as polylines with a class. Coordinates are approximate but real: the places
 * named are where those places are.
 */
record CityPlan(
    String id,
    String name,
    String nameEn,
    double south,
    double west,
    double north,
    double east,
    List<District> districts,
    List<RiverLine> rivers,
    List<Road> roads,
    Counts counts) {

  record District(String name, Point centre, boolean urban) {}

  /** A river and its gauges' stage levels (metres) before per-gauge variation. */
  record RiverLine(String id, String name, String nameEn, List<Point> line, int gauges, double[] stages) {}

  /** A two-way road split into {@code segments} directed segments per direction. */
  record Road(String key, String name, String nameEn, String roadClass, double freeFlowKmh,
              String forward, String reverse, List<Point> line) {}

  record Counts(int rain, int seismic, int airQuality, int fire, int detectorsPerSegment) {}

  static District district(String name, double lat, double lon, boolean urban) {
    return new District(name, new Point(lat, lon), urban);
  }

  static Point p(double lat, double lon) {
    return new Point(lat, lon);
  }

  static CityPlan wonju() {
    return new CityPlan(
        "wonju", "원주시", "Wonju", 37.17, 127.72, 37.50, 128.22,
        List.of(
            district("중앙동", 37.3490, 127.9510, true), district("원인동", 37.3440, 127.9560, true),
            district("개운동", 37.3360, 127.9530, true), district("명륜동", 37.3300, 127.9480, true),
            district("단구동", 37.3200, 127.9500, true), district("일산동", 37.3530, 127.9460, true),
            district("학성동", 37.3600, 127.9480, true), district("단계동", 37.3480, 127.9300, true),
            district("우산동", 37.3700, 127.9300, true), district("태장동", 37.3780, 127.9560, true),
            district("봉산동", 37.3450, 127.9650, true), district("행구동", 37.3400, 127.9850, true),
            district("무실동", 37.3340, 127.9270, true), district("반곡관설동", 37.3200, 127.9800, true),
            district("문막읍", 37.3110, 127.8170, false), district("소초면", 37.4100, 128.0200, false),
            district("호저면", 37.4100, 127.9000, false), district("지정면", 37.3800, 127.8400, false),
            district("부론면", 37.2100, 127.7500, false), district("귀래면", 37.2000, 127.8800, false),
            district("흥업면", 37.3000, 127.9100, false), district("판부면", 37.2950, 127.9700, false),
            district("신림면", 37.2300, 128.0900, false)),
        List.of(
            new RiverLine("wonjucheon", "원주천", "Wonjucheon",
                List.of(p(37.285, 127.962), p(37.305, 127.957), p(37.322, 127.952), p(37.338, 127.946),
                    p(37.352, 127.940), p(37.367, 127.933), p(37.382, 127.924), p(37.395, 127.913), p(37.405, 127.903)),
                8, new double[] {1.5, 2.0, 2.6, 3.2}),
            new RiverLine("seomgang", "섬강", "Seomgang",
                List.of(p(37.452, 127.925), p(37.432, 127.895), p(37.415, 127.872), p(37.395, 127.850),
                    p(37.370, 127.830), p(37.345, 127.812), p(37.318, 127.800), p(37.290, 127.790),
                    p(37.262, 127.775), p(37.235, 127.760), p(37.215, 127.748)),
                8, new double[] {3.0, 4.0, 5.0, 6.0})),
        List.of(
            new Road("wonil", "원일로", "Wonil-ro", "urban_arterial", 50, "nb", "sb",
                List.of(p(37.318, 127.951), p(37.333, 127.950), p(37.348, 127.949), p(37.362, 127.948))),
            new Road("seowon", "서원대로", "Seowon-daero", "urban_arterial", 60, "nb", "sb",
                List.of(p(37.315, 127.925), p(37.332, 127.928), p(37.350, 127.930), p(37.370, 127.932))),
            new Road("namwon", "남원로", "Namwon-ro", "urban_arterial", 60, "nb", "sb",
                List.of(p(37.300, 127.930), p(37.315, 127.940), p(37.328, 127.947), p(37.340, 127.955))),
            new Road("sicheong", "시청로", "Sicheong-ro", "urban_collector", 50, "eb", "wb",
                List.of(p(37.342, 127.905), p(37.342, 127.920), p(37.342, 127.935), p(37.343, 127.950))),
            new Road("dangye", "단계로", "Dangye-ro", "urban_collector", 50, "eb", "wb",
                List.of(p(37.352, 127.915), p(37.352, 127.930), p(37.352, 127.945), p(37.353, 127.960))),
            new Road("hyeoksin", "혁신로", "Hyeoksin-ro", "urban_arterial", 60, "eb", "wb",
                List.of(p(37.318, 127.965), p(37.322, 127.978), p(37.326, 127.990), p(37.330, 128.002))),
            new Road("jungang-exp", "중앙고속도로", "Jungang Expressway", "expressway", 100, "nb", "sb",
                List.of(p(37.300, 127.898), p(37.330, 127.900), p(37.360, 127.905), p(37.390, 127.912))),
            new Road("yeongdong-exp", "영동고속도로", "Yeongdong Expressway", "expressway", 100, "eb", "wb",
                List.of(p(37.305, 127.840), p(37.308, 127.880), p(37.312, 127.920), p(37.318, 127.960)))),
        new Counts(25, 8, 30, 40, 2));
  }

  static CityPlan hoengseong() {
    return new CityPlan(
        "hoengseong", "횡성군", "Hoengseong", 37.40, 127.80, 37.65, 128.30,
        List.of(
            district("횡성읍", 37.4910, 127.9850, true), district("우천면", 37.4600, 128.0600, false),
            district("공근면", 37.5400, 127.9600, false), district("서원면", 37.5200, 127.8800, false)),
        List.of(
            new RiverLine("seomgang-upper", "섬강 상류", "Upper Seomgang",
                List.of(p(37.500, 128.010), p(37.488, 127.985), p(37.476, 127.962), p(37.462, 127.940)),
                2, new double[] {2.5, 3.5, 4.5, 5.5})),
        List.of(
            new Road("hoengseong-ro", "횡성로", "Hoengseong-ro", "urban_arterial", 60, "nb", "sb",
                List.of(p(37.478, 127.982), p(37.503, 127.987)))),
        new Counts(3, 1, 2, 2, 2));
  }
}
