package dev.palisade.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinkBatchTest {
  private final Link link = new Link(null);

  @Test
  void aDestinationThatKeepsUpReadsTheConfiguredBatch() {
    assertThat(link.batch(500)).isEqualTo(500);
    link.sized(false, 500);
    assertThat(link.batch(500)).isEqualTo(500);
  }

  @Test
  void fullRoundsDoubleTheBatchUpToTheMaximumAndOneThatIsNotFullResetsIt() {
    int[] grown = new int[7];
    for (int i = 0; i < grown.length; i++) {
      link.sized(true, 500);
      grown[i] = link.batch(500);
    }
    assertThat(grown).containsExactly(1000, 2000, 4000, 8000, 10_000, 10_000, 10_000);
    link.sized(false, 500);
    assertThat(link.batch(500)).isEqualTo(500);
  }

  @Test
  void aConfiguredBatchAboveTheGrowthLimitIsKept() {
    link.sized(true, 10_000);
    assertThat(link.batch(10_000)).isEqualTo(10_000);
    assertThat(link.batch(20)).as("a smaller configured size after a change").isEqualTo(10_000);
  }
}
