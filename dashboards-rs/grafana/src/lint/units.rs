//! Grafana's unit ids, which `panel-units` accepts: the list dashboard-linter checks against (Grafana's
//! `valueFormats/categories.ts`), and Grafana's custom units (`suffix:req`, `currency:kr`, …).

/// Grafana's unit ids, by category, as dashboard-linter lists them.
#[rustfmt::skip] // A category a line reads better than an id a line.
const UNITS: &[&str] = &[
    // Misc
    "none", "string", "short", "percent", "percentunit", "humidity", "dB", "hex0x", "hex", "sci", "locale", "pixel",
    // Acceleration
    "accMS2", "accFS2", "accG",
    // Angle
    "degree", "radian", "grad", "arcmin", "arcsec",
    // Area
    "areaM2", "areaF2", "areaMI2",
    // Computation
    "flops", "mflops", "gflops", "tflops", "pflops", "eflops", "zflops", "yflops",
    // Concentration
    "ppm", "conppb", "conngm3", "conngNm3", "conμgm3", "conμgNm3", "conmgm3", "conmgNm3", "congm3", "congNm3",
    "conmgdL", "conmmolL",
    // Currency
    "currencyUSD", "currencyGBP", "currencyEUR", "currencyJPY", "currencyRUB", "currencyUAH", "currencyBRL",
    "currencyDKK", "currencyISK", "currencyNOK", "currencySEK", "currencyCZK", "currencyCHF", "currencyPLN",
    "currencyBTC", "currencymBTC", "currencyμBTC", "currencyZAR", "currencyINR", "currencyKRW", "currencyIDR",
    "currencyPHP", "currencyVND",
    // Data
    "bytes", "decbytes", "bits", "decbits", "kbytes", "deckbytes", "mbytes", "decmbytes", "gbytes", "decgbytes",
    "tbytes", "dectbytes", "pbytes", "decpbytes",
    // Data rate
    "pps", "binBps", "Bps", "binbps", "bps", "KiBs", "Kibits", "KBs", "Kbits", "MiBs", "Mibits", "MBs", "Mbits",
    "GiBs", "Gibits", "GBs", "Gbits", "TiBs", "Tibits", "TBs", "Tbits", "PiBs", "Pibits", "PBs", "Pbits",
    // Date & time
    "dateTimeAsIso", "dateTimeAsIsoNoDateIfToday", "dateTimeAsUS", "dateTimeAsUSNoDateIfToday", "dateTimeAsLocal",
    "dateTimeAsLocalNoDateIfToday", "dateTimeAsSystem", "dateTimeFromNow",
    // Energy
    "watt", "kwatt", "megwatt", "gwatt", "mwatt", "Wm2", "voltamp", "kvoltamp", "voltampreact", "kvoltampreact",
    "watth", "watthperkg", "kwatth", "kwattm", "amph", "kamph", "mamph", "joule", "ev", "amp", "kamp", "mamp", "volt",
    "kvolt", "mvolt", "dBm", "ohm", "kohm", "Mohm", "farad", "µfarad", "nfarad", "pfarad", "ffarad", "henry",
    "mhenry", "µhenry", "lumens",
    // Flow
    "flowgpm", "flowcms", "flowcfs", "flowcfm", "litreh", "flowlpm", "flowmlpm", "lux",
    // Force
    "forceNm", "forcekNm", "forceN", "forcekN",
    // Hash rate
    "Hs", "KHs", "MHs", "GHs", "THs", "PHs", "EHs",
    // Mass
    "massmg", "massg", "masslb", "masskg", "masst",
    // Length
    "lengthmm", "lengthin", "lengthft", "lengthm", "lengthkm", "lengthmi",
    // Pressure
    "pressurembar", "pressurebar", "pressurekbar", "pressurepa", "pressurehpa", "pressurekpa", "pressurehg",
    "pressurepsi",
    // Radiation
    "radbq", "radci", "radgy", "radrad", "radsv", "radmsv", "radusv", "radrem", "radexpckg", "radr", "radsvh",
    "radmsvh", "radusvh",
    // Rotational speed
    "rotrpm", "rothz", "rotrads", "rotdegs",
    // Temperature
    "celsius", "fahrenheit", "kelvin",
    // Time
    "hertz", "ns", "µs", "ms", "s", "m", "h", "d", "dtdurationms", "dtdurations", "dthms", "dtdhms", "timeticks",
    "clockms", "clocks",
    // Throughput
    "cps", "ops", "reqps", "rps", "wps", "iops", "cpm", "opm", "rpm", "wpm", "mps", "mpm",
    // Velocity
    "velocityms", "velocitykmh", "velocitymph", "velocityknot",
    // Volume
    "mlitre", "litre", "m3", "Nm3", "dm3", "gallons",
    // Boolean
    "bool", "bool_yes_no", "bool_on_off",
];

/// The prefixes of Grafana's custom units (`getValueFormat`): the rest of the id is free text.
const CUSTOM_PREFIXES: [&str; 7] = ["prefix:", "suffix:", "si:", "count:", "currency:", "time:", "bool:"];

/// Whether Grafana knows `unit` as a unit id or a custom unit.
pub(super) fn is_grafana_unit(unit: &str) -> bool {
    UNITS.contains(&unit)
        || CUSTOM_PREFIXES
            .iter()
            .any(|p| unit.starts_with(p) && unit.len() > p.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_and_custom_units_are_grafana_units() {
        assert!(is_grafana_unit("reqps"));
        assert!(is_grafana_unit("percentunit"));
        assert!(is_grafana_unit("suffix: req"));
    }

    #[test]
    fn a_typo_or_an_empty_custom_unit_is_not() {
        assert!(!is_grafana_unit("reqs"));
        assert!(!is_grafana_unit("suffix:"));
        assert!(!is_grafana_unit(""));
    }
}
