package android.os;

public class Build {
  public static String TAGS = "release-keys";

  /** SDK_INT is not final here (it is on a device): the Runner scripts the platform level per case. */
  public static class VERSION {
    public static int SDK_INT = 34;
    /** The level as text (API 1; SDK_INT is API 4): the Runner scripts both. */
    public static String SDK = "34";
  }
}
