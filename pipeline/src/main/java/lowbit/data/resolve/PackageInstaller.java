package lowbit.data.resolve;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Installs a Debian package, as lowbit's launcher does for Java: only when running as root where apt-get exists. */
public interface PackageInstaller {

    /** Installs nothing. */
    PackageInstaller NONE = name -> "not root: no package installed";

    /**
     * @return null when the package was installed, else why not (not root, no apt-get, apt-get failed)
     */
    String install(String debianPackage);

    /** apt-get install, logged on stderr; a no-op unless the JVM runs as root on a machine with apt-get. */
    static PackageInstaller apt() {
        return name -> {
            if (!"root".equals(System.getProperty("user.name"))) return "not running as root";
            if (!new java.io.File("/usr/bin/apt-get").canExecute()) return "no apt-get";
            System.err.println("lowbit: installing " + name + " (apt-get)");
            try {
                for (String[] cmd : new String[][] {{"apt-get", "update", "-qq"}, {"apt-get", "install", "-y", "-qq", name}}) {
                    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
                    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
                    Process p = pb.start();
                    if (!p.waitFor(30, TimeUnit.MINUTES)) {
                        p.destroyForcibly();
                        return String.join(" ", cmd) + " timed out";
                    }
                    if (p.exitValue() != 0) return String.join(" ", cmd) + " exited with " + p.exitValue();
                }
                return null;
            } catch (IOException e) {
                return "apt-get: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        };
    }
}
