package android.os;

public class Build {
  public static String TAGS = "release-keys";
}
