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
 * deterministic, so the figures are exact; the floors are the figures of the README (73.28 / 67.31 / 77.30),
 * rounded down, which meet issue #10's targets of 70.0 / 67.1 / 73.3 (ahead of CAD OSE's 69.9 / 67.0 / 73.2)
 * on all three profiles.
 */
class NabDetectorTest {

  @Test
  void scoresOnNabWithoutPerFileMinOrMax(@TempDir Path out) throws IOException {
    NabCorpus corpus = NabCorpus.load(Path.of("nab"));
    List<double[]> scores = NabRunner.run(corpus, AnomalyDetectorConfig.ofDefaults());
    Map<String, NabScorer.Result> r = NabScorer.of(corpus).score(scores);

    assertThat(r.get("standard").normalized()).isGreaterThanOrEqualTo(73.27);
    assertThat(r.get("reward_low_FP_rate").normalized()).isGreaterThanOrEqualTo(67.30);
    assertThat(r.get("reward_low_FN_rate").normalized()).isGreaterThanOrEqualTo(77.29);

    // The same scores, written in NAB's layout and read back, give the same figures.
    NabRunner.write(corpus, scores, out, NabRunner.DETECTOR);
    try (Stream<Path> files = Files.walk(out)) {
      assertThat(files.filter(p -> p.toString().endsWith(".csv")).count()).isEqualTo(58);
    }
    Path taxi = out.resolve("selfheal/realKnownCause/selfheal_nyc_taxi.csv");
    List<String> lines = Files.readAllLines(taxi);
    assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score,label");
    NabCorpus.DataFile taxiFile = corpus.files().stream().filter(f -> f.key().equals("realKnownCause/nyc_taxi.csv"))
        .findFirst().orElseThrow();
    assertThat(lines).hasSize(taxiFile.length() + 1);
    int windowRows = 0;
    for (int[] w : taxiFile.windows()) {
      windowRows += w[1] - w[0] + 1;
    }
    assertThat(lines.stream().skip(1).filter(l -> l.endsWith(",1")).count()).isEqualTo(windowRows);
    assertThat(lines.get(1)).startsWith("2014-07-01 00:00:00,10844,");
  }

  @Test
  void isDeterministic() {
    NabCorpus corpus = NabCorpus.load(Path.of("nab"));
    List<double[]> a = NabRunner.run(corpus, AnomalyDetectorConfig.ofDefaults());
    List<double[]> b = NabRunner.run(corpus, AnomalyDetectorConfig.ofDefaults());
    for (int f = 0; f < a.size(); f++) {
      assertThat(a.get(f)).containsExactly(b.get(f));
    }
  }
}
