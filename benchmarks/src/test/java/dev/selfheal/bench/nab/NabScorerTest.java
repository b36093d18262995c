package dev.selfheal.bench.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The scorer proves itself the way NAB asks a port to: re-scoring the stored outputs of three published
 * detectors reproduces the published {@code final_results.json} on all three profiles.
 */
class NabScorerTest {
  static NabCorpus corpus;
  static NabScorer scorer;
  static Map<String, Object> published;

  @BeforeAll
  static void load() {
    corpus = NabCorpus.load(Path.of("nab"));
    scorer = NabScorer.of(corpus);
    published = NabCorpus.asMap(MiniJson.parse(NabCorpus.read(Path.of("nab/reference/final_results.json"))));
  }

  @Test
  void corpusHas58FilesAnd116Windows() {
    assertThat(corpus.files()).hasSize(58);
    assertThat(corpus.files().stream().mapToInt(NabCorpus.DataFile::length).sum()).isEqualTo(365_558);
    assertThat(scorer.windowCount()).isEqualTo(116);
    assertThat(scorer.profiles()).extracting(NabScorer.Profile::name)
        .containsExactly("standard", "reward_low_FP_rate", "reward_low_FN_rate");
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "windowedGaussian", "contextOSE"})
  void reproducesThePublishedScores(String detector) {
    Map<String, NabScorer.Result> ours = scorer.score(corpus.referenceScores(detector));
    Map<String, Object> theirs = NabCorpus.asMap(published.get(detector));
    for (String profile : List.of("standard", "reward_low_FP_rate", "reward_low_FN_rate")) {
      assertThat(ours.get(profile).normalized()).as(detector + " " + profile)
          .isCloseTo((Double) theirs.get(profile), within(1e-6));
    }
  }

  @Test
  void perFileSharesAddUpToTheCorpusScore() {
    List<double[]> scores = corpus.referenceScores("contextOSE");
    for (NabScorer.Result r : scorer.score(scores).values()) {
      List<NabScorer.FileResult> files = scorer.perFile(scores, r.profile(), r.threshold());
      assertThat(files).hasSize(58);
      assertThat(files.stream().mapToDouble(NabScorer.FileResult::raw).sum()).as(r.profile().name())
          .isCloseTo(r.raw(), within(1e-9));
      assertThat(files.stream().mapToInt(f -> f.detected() + f.missed()).sum()).isEqualTo(116);
    }
  }

  @Test
  void thePerfectDetectorScores100() {
    List<double[]> perfect = new ArrayList<>();
    for (NabCorpus.DataFile f : corpus.files()) {
      double[] s = new double[f.length()];
      for (int[] w : f.windows()) {
        s[w[0]] = 1.0;
      }
      perfect.add(s);
    }
    // A detection on a window's first row is worth A_TP σ(-1) / σ(-1) = A_TP exactly.
    scorer.score(perfect).values().forEach(r -> assertThat(r.normalized()).isCloseTo(100.0, within(1e-9)));
  }

  @Test
  void scaledSigmoidMatchesNabsConstants() {
    assertThat(NabScorer.scaledSigmoid(-1.0)).isCloseTo(0.98661, within(1e-5));
    assertThat(NabScorer.scaledSigmoid(-0.5)).isCloseTo(0.84828, within(1e-5));
    assertThat(NabScorer.scaledSigmoid(0.0)).isEqualTo(0.0);
    assertThat(NabScorer.scaledSigmoid(3.0)).isEqualTo(-1.0);
    assertThat(NabScorer.probationaryLength(1000)).isEqualTo(150.0);
    assertThat(NabScorer.probationaryLength(22_695)).isEqualTo(750.0);
  }

  @Test
  void refusesScoresOutsideTheUnitInterval() {
    List<double[]> scores = corpus.referenceScores("null");
    scores.get(3)[10] = 1.5;
    assertThatThrownBy(() -> scorer.score(scores)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 10").hasMessageContaining("1.5");
  }
}
