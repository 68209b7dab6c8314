package dev.magpie.dataset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "goldfinch", "Shelf_3_empty", "None", "ABCDEFGHIJKLMNOPQRSTUVWXYZ_01234"})
    void validNamesAreAccepted(String name) {
        assertThat(LabelName.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "../x", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ_012345", "café", "x-y", "x.jpg"})
    void invalidNamesAreRefusedWithTheRule(String name) {
        assertThatThrownBy(() -> LabelName.of(name))
                .isInstanceOf(InvalidLabelException.class)
                .hasMessageContaining("1-32 characters of letters A-Z a-z, digits 0-9 and underscore");
    }

    @Test
    void tagNamesFromCustomVisionAndLobeWithSpacesOrHyphensBecomeUnderscores() {
        assertThat(LabelName.fromForeignName("hot-dog").value()).isEqualTo("hot_dog");
        assertThat(LabelName.fromForeignName("Empty Shelf").value()).isEqualTo("Empty_Shelf");
        assertThat(LabelName.fromForeignName("blue - tit").value()).isEqualTo("blue_tit");
        assertThat(LabelName.fromForeignName("goldfinch").value()).isEqualTo("goldfinch");
        assertThatThrownBy(() -> LabelName.fromForeignName("bad label!")).isInstanceOf(InvalidLabelException.class)
                .hasMessageContaining("'bad label!'");
        assertThatThrownBy(() -> LabelName.fromForeignName("../etc")).isInstanceOf(InvalidLabelException.class);
        assertThatThrownBy(() -> LabelName.fromForeignName("none")).isInstanceOf(InvalidLabelException.class);
    }

    @Test
    void nullNameIsRefused() {
        assertThatThrownBy(() -> LabelName.of(null)).isInstanceOf(InvalidLabelException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "NONE", "nONe"})
    void noneLookalikesAreRefusedAsConfusable(String name) {
        assertThatThrownBy(() -> LabelName.of(name))
                .isInstanceOf(InvalidLabelException.class)
                .hasMessageContaining("reserved catch-all label 'None'");
    }

    @Test
    void noneIsTheCatchAll() {
        assertThat(LabelName.of("None").isNone()).isTrue();
        assertThat(LabelName.of("Nonesuch").isNone()).isFalse();
    }
}
