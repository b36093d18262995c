package dev.selfheal.core;

/**
 * A worker: a loop that runs on its own thread (named {@code selfheal-worker-<path>}) until it is told to
 * stop or ends on its own. Returning from {@link #run} is a normal exit; throwing is an abnormal exit
 * (a crash); {@link ChildContext#exitShutdown} inside it is a shutdown exit.
 *
 * <p>When its supervisor stops it, {@link ChildContext#stopRequested()} turns true; once the child's
 * {@link Shutdown} bound has passed, the thread is interrupted. A well-behaved worker checks the flag or
 * responds to interruption.
 */
@FunctionalInterface
public interface Worker {
  /**
   * Does the worker's work until it is done or {@code context.stopRequested()}.
   *
   * @param context the instance's context: stop flag, failure reports, shutdown exit
   * @throws Exception a crash: the supervisor heals by its rules
   */
  void run(ChildContext context) throws Exception;
}
