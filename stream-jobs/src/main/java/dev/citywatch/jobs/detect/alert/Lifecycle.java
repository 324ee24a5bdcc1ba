package dev.citywatch.jobs.detect.alert;

import dev.citywatch.model.Alert;
import dev.citywatch.model.Trail;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;

/**
 * The lifecycle of the alert about one subject, kept in keyed state: FIRING once, UPDATED when the
 * severity rises, RESOLVED once; nothing while nothing changes. Ids and versions come from event
 * data only, so replaying the same input after a failure emits identical ids and versions.
 *
 * <p>An alert keeps the highest severity it reached until it is resolved, as advisories are
 * raised quickly and lifted only when the danger has passed; a detector whose criteria lift one
 * level at a time (경보 to 주의보) steps it down with {@link #lower}.
 */
public final class Lifecycle {
  private final ValueState<AlertTrack> state;

  public Lifecycle(ValueState<AlertTrack> state) {
    this.state = state;
  }

  public boolean isOpen() throws IOException {
    return state.value() != null;
  }

  public AlertTrack track() throws IOException {
    return state.value();
  }

  /**
   * The condition holds at {@code content.severity()}: fires a new alert, or updates an open one
   * whose severity is lower, or just notes that it still holds.
   *
   * @param eventTime event time of the record that showed it
   * @param trail the stages that record passed (for a decision a timer made, with no record behind it: {@link Trail#decidedAt})
   * @param detectedAt processing time of the decision
   */
  public Optional<Alert> raise(AlertContent content, Instant eventTime, Trail trail, Instant detectedAt) throws IOException {
    AlertTrack track = state.value();
    if (track == null) {
      track = new AlertTrack();
      track.alertId = Alert.idFor(content.tenant(), content.kind(), content.subject(), eventTime);
      track.version = 1;
      track.severity = content.severity();
      track.firedAtMillis = eventTime.toEpochMilli();
      track.lastActiveMillis = eventTime.toEpochMilli();
      state.update(track);
      return Optional.of(alert(track, Alert.State.FIRING, content, eventTime, trail, detectedAt));
    }
    track.lastActiveMillis = Math.max(track.lastActiveMillis, eventTime.toEpochMilli());
    if (content.severity().compareTo(track.severity) > 0) {
      track.version++;
      track.severity = content.severity();
      state.update(track);
      return Optional.of(alert(track, Alert.State.UPDATED, content, eventTime, trail, detectedAt));
    }
    state.update(track);
    return Optional.empty();
  }

  /** Steps an open alert down to {@code content.severity()} (UPDATED); nothing if it is not open or not higher. */
  public Optional<Alert> lower(AlertContent content, Instant eventTime, Trail trail, Instant detectedAt) throws IOException {
    AlertTrack track = state.value();
    if (track == null || content.severity().compareTo(track.severity) >= 0) return Optional.empty();
    track.version++;
    track.severity = content.severity();
    track.lastActiveMillis = Math.max(track.lastActiveMillis, eventTime.toEpochMilli());
    state.update(track);
    return Optional.of(alert(track, Alert.State.UPDATED, content, eventTime, trail, detectedAt));
  }

  /** The condition still holds at {@code eventTime} (keeps an open alert from resolving). */
  public void touch(long eventTime) throws IOException {
    AlertTrack track = state.value();
    if (track != null && eventTime > track.lastActiveMillis) {
      track.lastActiveMillis = eventTime;
      state.update(track);
    }
  }

  /** Drops the alert's state without a record (its subject no longer exists). */
  public void forget() {
    state.clear();
  }

  /**
   * Resolves on a timer's decision: no reading lies behind it, so it was "received" when it was
   * decided (processing time now).
   */
  public Optional<Alert> resolveOnTimer(AlertContent content, Instant eventTime, TimerService timers) throws IOException {
    Instant decided = Times.now(timers);
    return resolve(content, eventTime, Trail.decidedAt(decided), decided);
  }

  /** Ends the open alert, if any, with {@code content} (its severity is the one reached); clears the state. */
  public Optional<Alert> resolve(AlertContent content, Instant eventTime, Trail trail, Instant detectedAt) throws IOException {
    AlertTrack track = state.value();
    if (track == null) return Optional.empty();
    track.version++;
    state.clear();
    AlertContent at = new AlertContent(content.tenant(), content.kind(), content.subject(), track.severity, content.headlineKo(),
        content.headlineEn(), content.location(), content.area(), content.evidence(), content.windowStart(), content.windowEnd());
    return Optional.of(alert(track, Alert.State.RESOLVED, at, eventTime, trail, detectedAt));
  }

  private static Alert alert(AlertTrack track, Alert.State state, AlertContent c, Instant eventTime, Trail trail, Instant detectedAt) {
    return new Alert(Alert.SCHEMA, track.alertId, track.version, c.tenant(), c.kind(), c.subject(), state,
        state == Alert.State.RESOLVED ? track.severity : c.severity(), c.headlineKo(), c.headlineEn(), c.location(), c.area(),
        c.evidence(), c.windowStart(), c.windowEnd(), eventTime, trail.receivedAt(), trail.appendedAt(), trail.readAt(), detectedAt,
        detectedAt);
  }
}
