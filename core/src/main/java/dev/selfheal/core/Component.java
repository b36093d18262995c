package dev.selfheal.core;

/**
 * A service component: something a supervisor starts and stops. Every (re)start uses a fresh instance
 * from the child spec's factory, as in OTP, so an instance never has to clean up after a previous life.
 *
 * <p>{@link #start()} returns once the component can serve; throwing means the start failed. It runs with
 * a time limit ({@link ChildSpec.Builder#startTimeout}); past it the thread is interrupted and the start
 * counts as failed. {@link #stop()} releases resources within the child's {@link Shutdown} bound; past
 * it the thread is interrupted and the instance abandoned.
 *
 * <p>A running component that detects its own failure reports it through the {@link ChildContext} its
 * factory received.
 */
public interface Component {

  /**
   * Starts the component; returns when it can serve.
   *
   * @throws Exception a failed start: the supervisor treats it as a crash
   */
  void start() throws Exception;

  /**
   * Stops the component. The default does nothing.
   *
   * @throws Exception logged with the shutdown outcome; the instance is stopped regardless
   */
  default void stop() throws Exception {}
}
