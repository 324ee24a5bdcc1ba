package dev.citywatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** WGS 84 latitude and longitude in degrees. */
public record GeoPoint(@JsonProperty("lat") double lat, @JsonProperty("lon") double lon) {
  public GeoPoint {
    if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
      throw new IllegalArgumentException("not a WGS 84 position: lat " + lat + ", lon " + lon);
    }
  }
}
