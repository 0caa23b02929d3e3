package lowbit.testing;

import lowbit.engine.NumericKernels;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Applies lowbit's kernel choice when a test JVM starts, before any test loads OpenBLAS or libtorch (as lowbit's CLI does). */
public final class NumericKernelsAtStart implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        NumericKernels.apply();
    }
}
