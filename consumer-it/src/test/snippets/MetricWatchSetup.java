/** Around the README's MetricWatch snippet: compiled only (a running watch samples every 10 s). */
class MetricWatchSetup {
  interface Pool {
    int active();
  }

  static void watch(dev.selfheal.core.SupervisorTree tree, dev.selfheal.probes.HealthMonitor monitor, Pool pool,
      java.util.Queue<String> queue) {
    /*@snippet MetricWatchSetup*/
  }
}
