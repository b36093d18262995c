package dev.selfheal.bench.nab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.probes.anomaly.AnomalyDetectorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our detector on the whole NAB corpus with its default parameters, scored by {@link NabScorer}. The run is
 * deterministic, so the figures are exact; the floors are the figures of the README (72.39 / 65.52 / 76.95), rounded down.
 *
 * <p>Issue #10's targets are 70.0 / 67.1 / 73.3 (ahead of CAD OSE's 69.9 / 67.0 / 73.2): standard and low-FN
 * are met; low-FP (65.52) is not, and this test guards the figure we have rather than pretend.
 */
class NabDetectorTest {

  @Test
  void scoresOnNabWithoutPerFileMinOrMax(@TempDir Path out) throws IOException {
    NabCorpus corpus = NabCorpus.load(Path.of("nab"));
    List<double[]> scores = NabRunner.run(corpus, AnomalyDetectorConfig.defaults());
    Map<String, NabScorer.Result> r = NabScorer.of(corpus).score(scores);

    assertThat(r.get("standard").normalized()).isGreaterThanOrEqualTo(72.38);
    assertThat(r.get("reward_low_FN_rate").normalized()).isGreaterThanOrEqualTo(76.94);
    assertThat(r.get("reward_low_FP_rate").normalized()).isGreaterThanOrEqualTo(65.51);

    // The same scores, written in NAB's layout and read back, give the same figures.
    NabRunner.write(corpus, scores, out, NabRunner.DETECTOR);
    try (Stream<Path> files = Files.walk(out)) {
      assertThat(files.filter(p -> p.toString().endsWith(".csv")).count()).isEqualTo(58);
    }
    Path taxi = out.resolve("selfheal/realKnownCause/selfheal_nyc_taxi.csv");
    List<String> lines = Files.readAllLines(taxi);
    assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score");
    assertThat(lines).hasSize(corpus.files().stream().filter(f -> f.key().equals("realKnownCause/nyc_taxi.csv"))
        .findFirst().orElseThrow().length() + 1);
    assertThat(lines.get(1)).startsWith("2014-07-01 00:00:00,10844,");
  }

  @Test
  void isDeterministic() {
    NabCorpus corpus = NabCorpus.load(Path.of("nab"));
    List<double[]> a = NabRunner.run(corpus, AnomalyDetectorConfig.defaults());
    List<double[]> b = NabRunner.run(corpus, AnomalyDetectorConfig.defaults());
    for (int f = 0; f < a.size(); f++) {
      assertThat(a.get(f)).containsExactly(b.get(f));
    }
  }
}
