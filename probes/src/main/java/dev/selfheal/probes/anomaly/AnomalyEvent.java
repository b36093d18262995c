package dev.selfheal.probes.anomaly;

import java.util.List;

/**
 * Early warnings raised by a {@link MetricWatch}, published on the tree's
 * {@link dev.selfheal.core.event.EventBus} (synchronously, on the watch's sampling thread) and journaled with
 * the same evidence.
 */
public sealed interface AnomalyEvent {

  /** {@return the watched component} */
  String path();

  /** {@return its instance when the warning was raised (0 if none was running)} */
  long generation();

  /** {@return the stream, such as {@code latency} or {@code jvm.heap.afterGc}} */
  String stream();

  /**
   * A sample of {@code stream} scored at least the watch's threshold.
   *
   * @param path the watched component's path
   * @param generation the instance's generation
   * @param stream the stream's name
   * @param score the detector's score, in [0, 1]
   * @param recent the stream's latest samples, oldest first, ending with the anomalous one
   */
  record AnomalyDetected(String path, long generation, String stream, double score, List<Double> recent)
      implements AnomalyEvent {
    /**
     * Copies the recent values.
     *
     * @param path the watched component's path
     * @param generation the instance's generation
     * @param stream the stream's name
     * @param score the detector's score, in [0, 1]
     * @param recent the stream's latest samples, oldest first, ending with the anomalous one
     */
    public AnomalyDetected {
      recent = List.copyOf(recent);
    }
  }

  /** The resource behind {@code stream} is forecast to run out within the watch's horizon. */
  record ExhaustionForecasted(String path, long generation, String stream, ExhaustionForecast forecast)
      implements AnomalyEvent {}
}
