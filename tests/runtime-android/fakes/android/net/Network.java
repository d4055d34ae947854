package android.net;

public class Network {
  public final String name;
  public Network(String name) { this.name = name; }
}
