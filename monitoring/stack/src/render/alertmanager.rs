//! `alertmanager.yml`, rendered from the repository's template: Alertmanager expands no environment variables, so
//! the literal `${DISCORD_WEBHOOK_URL}` is replaced by the URL here. The URL is a secret: it is written to the run
//! directory only (mode 0600), never logged, never put in an error message.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use super::checker_message;
use crate::error::StackError;
use crate::process::check_output;
use crate::webhook::{Webhook, BLACKHOLE_WEBHOOK_URL, WEBHOOK_VARIABLE};

/// The placeholder the template holds.
pub const PLACEHOLDER: &str = "${DISCORD_WEBHOOK_URL}";

/// The URL the Discord receivers post to.
pub fn resolve_webhook(webhook: &Webhook) -> Result<String, StackError> {
    let url = match webhook {
        Webhook::FromEnv => match std::env::var(WEBHOOK_VARIABLE) {
            Ok(url) if !url.trim().is_empty() => url,
            _ => return Err(StackError::MissingWebhook),
        },
        Webhook::Url(url) => url.clone(),
        Webhook::Blackhole => BLACKHOLE_WEBHOOK_URL.to_owned(),
    };
    let url = url.trim().to_owned();
    let valid = (url.starts_with("http://") || url.starts_with("https://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if valid {
        Ok(url)
    } else {
        Err(StackError::InvalidWebhook)
    }
}

/// The template with every `${DISCORD_WEBHOOK_URL}` outside comments replaced by `url`, escaped for the template's
/// single-quoted YAML scalars.
pub fn render(template: &str, url: &str) -> Result<String, StackError> {
    let escaped = url.replace('\'', "''");
    let mut replaced = 0;
    let mut out = String::with_capacity(template.len() + url.len() * 3);
    for line in template.split_inclusive('\n') {
        if line.trim_start().starts_with('#') {
            out.push_str(line);
        } else {
            replaced += line.matches(PLACEHOLDER).count();
            out.push_str(&line.replace(PLACEHOLDER, &escaped));
        }
    }
    if replaced == 0 {
        return Err(StackError::InvalidConfig(format!(
            "the Alertmanager template holds no {PLACEHOLDER} outside comments"
        )));
    }
    Ok(out)
}

/// Renders `template` to `path` (mode 0600) and has `amtool` check it.
pub fn write_and_check(
    template: &Path,
    url: &str,
    path: &Path,
    amtool: &Path,
    run_dir: &Path,
) -> Result<(), StackError> {
    let text = fs::read_to_string(template)
        .map_err(|e| StackError::io(format!("reading the Alertmanager template {}", template.display()), e))?;
    let rendered = render(&text, url)?;
    let header = "# Rendered by tumulte-stack from monitoring/alertmanager/alertmanager.yml.tmpl. Holds a secret.\n";
    let write = |e| StackError::io(format!("writing {}", path.display()), e);
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(write)?;
    file.write_all(header.as_bytes()).map_err(write)?;
    file.write_all(rendered.as_bytes()).map_err(write)?;
    let (ok, output) = check_output(amtool, &["check-config".as_ref(), path.as_os_str()], run_dir)?;
    if ok {
        Ok(())
    } else {
        Err(StackError::AmtoolRejected {
            config: path.to_path_buf(),
            message: checker_message(&output).replace(url, "<webhook URL>"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_placeholder_outside_comments_and_escapes_quotes() {
        let template = "# uses ${DISCORD_WEBHOOK_URL}\nreceivers:\n  - webhook_url: '${DISCORD_WEBHOOK_URL}'\n";
        let out = render(template, "https://h/x'y").expect("renders");
        assert_eq!(
            out,
            "# uses ${DISCORD_WEBHOOK_URL}\nreceivers:\n  - webhook_url: 'https://h/x''y'\n"
        );
        assert!(render("a: b\n", "https://h").is_err());
    }

    #[test]
    fn the_placeholder_names_the_webhook_variable() {
        assert_eq!(PLACEHOLDER, format!("${{{WEBHOOK_VARIABLE}}}"));
    }

    #[test]
    fn the_repository_template_renders() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../alertmanager/alertmanager.yml.tmpl");
        let template = fs::read_to_string(path).expect("template");
        let out = render(&template, BLACKHOLE_WEBHOOK_URL).expect("renders");
        assert_eq!(out.matches(BLACKHOLE_WEBHOOK_URL).count(), 3);
    }

    #[test]
    fn a_webhook_must_be_an_http_url() {
        assert!(matches!(
            resolve_webhook(&Webhook::Url("discord.com/x".into())),
            Err(StackError::InvalidWebhook)
        ));
        assert_eq!(
            resolve_webhook(&Webhook::Blackhole).expect("blackhole"),
            BLACKHOLE_WEBHOOK_URL
        );
    }
}
