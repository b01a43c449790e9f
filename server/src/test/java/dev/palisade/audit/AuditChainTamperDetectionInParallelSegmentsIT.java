package dev.palisade.audit;

/**
 * Tamper detection with 20-entry chains split into segments checked in parallel, so breaks at and
 * across segment boundaries are covered.
 */
class AuditChainTamperDetectionInParallelSegmentsIT extends ChainTamperDetectionContract {
  @Override
  long verifyParallelFrom() {
    return 4;
  }
}
