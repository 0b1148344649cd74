//! The configuration files the stack renders into its run directory, and their offline checks
//! (`promtool check config`, `amtool check-config`) before anything starts.

pub mod alertmanager;
pub mod prometheus;

/// What a checker printed, on one line: its `FAILED` lines and errors, without the `Checking …`/`SUCCESS` chatter.
pub(crate) fn checker_message(output: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in output.lines().map(str::trim) {
        let line = match line.find("FAILED") {
            Some(at) if line.starts_with("Checking") => &line[at..],
            _ => line,
        };
        let chatter = line.is_empty()
            || line.starts_with("Checking")
            || line.starts_with("SUCCESS")
            || line.starts_with("amtool: error: failed to validate");
        if !chatter && lines.last().map(String::as_str) != Some(line) {
            lines.push(line.to_owned());
        }
    }
    if lines.is_empty() {
        output.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        lines.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_failed_on_one_line() {
        let promtool = "Checking p.yml\n  SUCCESS: 1 rule files found\n SUCCESS: p.yml is valid\n\nChecking r.yml\n  \
                        FAILED:\n     r.yml: yaml: line 1: bad\n     r.yml: yaml: line 1: bad\n";
        assert_eq!(checker_message(promtool), "FAILED: r.yml: yaml: line 1: bad");
        let amtool = "Checking 'am.yml'  FAILED: undefined receiver \"x\" used in route\n\namtool: error: failed to \
                      validate 1 file(s)\n";
        assert_eq!(
            checker_message(amtool),
            "FAILED: undefined receiver \"x\" used in route"
        );
    }
}
