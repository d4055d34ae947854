package android.view;

public class Window {
  public int flags;
  public void addFlags(int f) { flags |= f; }
}
