package dev.palisade.jobs;

/** Lets tests outside this package drive {@link ControlledTestJob}. */
public final class OperationsAccess {
  private OperationsAccess() {}

  public static void failTestJob(String message) {
    ControlledTestJob.reset();
    ControlledTestJob.mode = ControlledTestJob.Mode.FAIL;
    ControlledTestJob.message = message;
  }
}
