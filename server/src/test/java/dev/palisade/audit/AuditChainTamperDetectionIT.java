package dev.palisade.audit;

/** Tamper detection with the chain verified as one sequential segment. */
class AuditChainTamperDetectionIT extends ChainTamperDetectionContract {
  @Override
  long verifyParallelFrom() {
    return 1_000_000;
  }
}
