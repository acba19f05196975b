package dev.rag.support.startup;

/** A piece of infrastructure the service needs could not be reached while starting. */
public class DependencyUnavailableException extends RuntimeException {

  private final String dependency;
  private final String address;

  public DependencyUnavailableException(String dependency, String address, Throwable cause) {
    super(dependency + " at " + address + " is not reachable", cause);
    this.dependency = dependency;
    this.address = address;
  }

  public String dependency() {
    return dependency;
  }

  public String address() {
    return address;
  }
}
