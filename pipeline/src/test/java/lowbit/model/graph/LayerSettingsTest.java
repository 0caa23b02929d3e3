package lowbit.model.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Per-layer settings by exact name or glob pattern: exact names first, then the first matching pattern, else the default. */
@Tag("unit")
class LayerSettingsTest {
    private static final List<ParamView> VIEWS = List.of(
            new ParamView("conv/W", ParamKind.CONV_WEIGHT, 0, new int[] {8, 3, 3, 3}, 0),
            new ParamView("b1.dw/W", ParamKind.DEPTHWISE_WEIGHT, 216, new int[] {8, 1, 3, 3}, 0),
            new ParamView("b1.pw/W", ParamKind.CONV_WEIGHT, 288, new int[] {16, 8, 1, 1}, 0),
            new ParamView("b12.pw/W", ParamKind.CONV_WEIGHT, 416, new int[] {16, 16, 1, 1}, 0),
            new ParamView("fc/W", ParamKind.DENSE_WEIGHT, 672, new int[] {2, 16}, 0));

    private static LayerSettings<Integer> bits(String... entries) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String e : entries) m.put(e.substring(0, e.indexOf('=')), Integer.parseInt(e.substring(e.indexOf('=') + 1)));
        return new LayerSettings<>(2, m);
    }

    @Test
    void exactNamesWinThenTheFirstMatchingPatternThenTheDefault() {
        LayerSettings<Integer> b = bits("b?.pw=4", "b*=8", "b1.pw=3", "fc=6");
        assertEquals(2, b.of(VIEWS.get(0)), "conv: no key matches");
        assertEquals(8, b.of(VIEWS.get(1)), "b1.dw: b* (b?.pw does not match)");
        assertEquals(3, b.of(VIEWS.get(2)), "b1.pw: its exact name, though b?.pw comes first");
        assertEquals(8, b.of(VIEWS.get(3)), "b12.pw: ? is one character, so b* matches");
        assertEquals(6, b.of(VIEWS.get(4)));
        assertEquals("b?.pw=4, b*=8, b1.pw=3, fc=6", b.describeOverrides());
    }

    @Test
    void dotsAndOtherRegexCharactersAreLiteral() {
        LayerSettings<Integer> b = bits("b1.dw=8");
        assertEquals(2, b.of("b1xdw"));
        assertEquals(8, b.of("b1.dw"));
        assertEquals(4, bits("*.pw=4").of("b12.pw"));
        assertEquals(2, bits("*.pw=4").of("b12.pwx"), "a pattern matches the whole name");
    }

    @Test
    void aKeyThatMatchesNoWeightLayerIsRejectedByName() {
        bits("b*.dw=8", "conv=8").requireKnown(VIEWS, "layer-bits");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bits("b*.dw=8", "b*.depthwise=8", "conv1=8").requireKnown(VIEWS, "lowbit.experiment.layer-bits"));
        assertTrue(e.getMessage().startsWith("lowbit.experiment.layer-bits names layers the model lacks [b*.depthwise, conv1]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("b1.dw") && e.getMessage().contains("fc"), "lists the weight layers: " + e.getMessage());
    }
}
