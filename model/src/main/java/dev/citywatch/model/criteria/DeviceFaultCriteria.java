package dev.citywatch.model.criteria;

import java.io.Serializable;
import java.time.Duration;

/**
 * Device health.
 *
 * @param offlineAfterIntervals silence, in reporting intervals, after which a device is offline
 * @param stuckReadings identical consecutive readings (of a quantity that varies) after which a sensor is stuck
 * @param outOfRangeBurst consecutive readings at a range limit that make a fault
 * @param flappingChanges online/offline changes within {@code flappingWindow} that make a fault
 */
public record DeviceFaultCriteria(int offlineAfterIntervals, int stuckReadings, int outOfRangeBurst, int flappingChanges,
                                  Duration flappingWindow) implements Serializable {}
