//! Every fact of the policy is read, never restated: change every threshold, window, `for` duration and the
//! pool size, generate every file, and no old value may survive in any of them while every new one is there.
//!
//! The values looked for are worked out from the policy itself (each written as the artefacts write it: in
//! its unit for people, as a PromQL comparison, as a threshold step, as a duration), so a fact added to the
//! policy is covered without touching this test, and a description that states a number by hand fails it.

use grafana_dashboards::{PromDuration, Unit};
use tumulte_artefacts::generate::{self, GeneratedFile};
use tumulte_policy::slo::BadRequest;
use tumulte_policy::{Bound, Condition, Policy};

/// Tumulte's defaults with every threshold, window, `for` and the pool size moved to values none of them had.
fn moved(policy: &Policy) -> Policy {
    let mut moved = policy.clone();
    let ids: Vec<_> = moved.signals().iter().map(|s| s.id).collect();
    for id in ids {
        let signal = moved.signal_mut(id);
        signal.sustain = later(signal.sustain);
        for step in &mut signal.steps {
            step.value = shifted(step.value);
        }
    }
    for alert in &mut moved.alerts {
        alert.for_duration = later(alert.for_duration);
        if let Condition::Signal {
            bound: Bound::Value(value),
            ..
        } = &mut alert.condition
        {
            *value = shifted(*value);
        }
    }
    moved.db_pool_size += 7;
    moved.slo.window = later(moved.slo.window);
    for objective in &mut moved.slo.objectives {
        objective.target = shifted(objective.target);
        if let BadRequest::SlowerThan(seconds) = &mut objective.bad {
            *seconds = shifted(*seconds);
        }
    }
    for alert in &mut moved.slo.alerts {
        alert.factor = shifted(alert.factor);
        alert.long = later(alert.long);
        alert.short = later(alert.short);
        alert.for_duration = later(alert.for_duration);
    }
    let verdict = &mut moved.verdict_alert;
    verdict.pending = later(verdict.pending);
    verdict.window = later(verdict.window);
    verdict.interval = later(verdict.interval);
    moved
}

/// A value none of Tumulte's defaults has: 87 % of it, two decimals kept (70 → 60.9, 0.5 → 0.435).
fn shifted(value: f64) -> f64 {
    (value * 87.0).round() / 100.0
}

/// Two minutes later.
fn later(duration: PromDuration) -> PromDuration {
    PromDuration::millis(duration.as_millis() + PromDuration::minutes(2).as_millis())
}

/// Where a spelling of a fact is looked for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    /// In the text of every generated file.
    Anywhere,
    /// In the rule files only (a PromQL comparison such as `> 1` is also ordinary prose elsewhere).
    Rules,
    /// Among the threshold steps of the dashboard's panels that show a signal (not the level panels, whose
    /// steps are the level numbers 1, 2, 3).
    PanelThreshold,
}

/// One way the artefacts write a fact.
#[derive(Debug, Clone, PartialEq)]
struct Spelling {
    place: Place,
    text: String,
}

/// A fact of a policy and its spellings.
#[derive(Debug)]
struct Fact {
    /// What it is, for failure messages.
    what: String,
    /// How the artefacts write it.
    spellings: Vec<Spelling>,
}

fn anywhere(text: String) -> Spelling {
    Spelling {
        place: Place::Anywhere,
        text,
    }
}

/// A threshold in its unit: for people, as a panel's threshold step, and (for an alert) as the rule's comparison.
fn value_spellings(unit: Unit, value: f64, comparison: Option<&str>) -> Vec<Spelling> {
    let mut out = vec![
        anywhere(unit.format(value)),
        Spelling {
            place: Place::PanelThreshold,
            text: value.to_string(),
        },
    ];
    if let Some(operator) = comparison {
        out.push(Spelling {
            place: Place::Rules,
            text: format!("{operator} {value}"),
        });
    }
    out
}

/// Every fact of a policy, with its spellings.
fn facts(policy: &Policy) -> Vec<Fact> {
    let mut facts = Vec::new();
    for signal in policy.scaling_signals() {
        facts.push(Fact {
            what: format!("the window of {}", signal.id.key()),
            spellings: vec![
                anywhere(format!("sustained {}", signal.sustain)),
                anywhere(format!("Sustained over {}", signal.sustain.words())),
            ],
        });
        for step in &signal.steps {
            facts.push(Fact {
                what: format!("the {} step of {}", step.level, signal.id.key()),
                spellings: value_spellings(signal.unit.clone(), step.value, None),
            });
        }
    }
    for alert in &policy.alerts {
        facts.push(Fact {
            what: format!("the for of {}", alert.name),
            spellings: vec![
                anywhere(format!("for: {}", alert.for_duration)),
                anywhere(alert.for_duration.words()),
            ],
        });
        if let Condition::Signal { signal, bound } = alert.condition {
            if let Some(value) = policy.bound_value(signal, bound) {
                let signal = policy.signal(signal);
                facts.push(Fact {
                    what: format!("the threshold of {}", alert.name),
                    spellings: value_spellings(signal.unit.clone(), value, Some(signal.direction.operator())),
                });
            }
        }
    }
    let verdict = &policy.verdict_alert;
    facts.push(Fact {
        what: "the pending period of the verdict alert".into(),
        spellings: vec![
            anywhere(format!("for: {}", verdict.pending)),
            anywhere(verdict.pending.words()),
        ],
    });
    facts.push(Fact {
        what: "the look-back window of the verdict alert".into(),
        spellings: vec![anywhere(format!("from: {}", verdict.window.as_secs()))],
    });
    facts.push(Fact {
        what: "the evaluation interval of the verdict alert".into(),
        spellings: vec![
            anywhere(format!("interval: {}", verdict.interval)),
            anywhere(format!("every {}", verdict.interval.words())),
        ],
    });
    facts.push(Fact {
        what: "the DB pool size".into(),
        spellings: vec![anywhere(format!("dbPoolSize: {}", policy.db_pool_size))],
    });
    let slo = &policy.slo;
    facts.push(Fact {
        what: "the objectives' window".into(),
        spellings: vec![
            anywhere(format!("over {}", slo.window.words())),
            anywhere(format!("ratio_rate{}", slo.window)),
        ],
    });
    for objective in &slo.objectives {
        facts.push(Fact {
            what: format!("the target of {}", objective.name),
            spellings: vec![
                anywhere(format!("{}%", objective.target)),
                Spelling {
                    place: Place::PanelThreshold,
                    text: (objective.target / 100.0).to_string(),
                },
                Spelling {
                    place: Place::Rules,
                    text: format!("/ {}", objective.budget()),
                },
            ],
        });
        if let BadRequest::SlowerThan(seconds) = objective.bad {
            facts.push(Fact {
                what: format!("the latency bound of {}", objective.name),
                spellings: vec![
                    anywhere(format!("within {}", Unit::Seconds.format(seconds))),
                    Spelling {
                        place: Place::Rules,
                        text: format!("le=\"{seconds}\""),
                    },
                ],
            });
        }
    }
    for alert in &slo.alerts {
        let what = format!("the {}× burn-rate alert", alert.factor);
        facts.push(Fact {
            what: format!("the factor of {what}"),
            spellings: vec![
                anywhere(format!("over {}×", alert.factor)),
                Spelling {
                    place: Place::Rules,
                    text: format!("> {}", alert.factor),
                },
                Spelling {
                    place: Place::PanelThreshold,
                    text: alert.factor.to_string(),
                },
            ],
        });
        facts.push(Fact {
            what: format!("the windows of {what}"),
            spellings: vec![
                anywhere(format!(
                    "the last {} and the last {}",
                    alert.long.words(),
                    alert.short.words()
                )),
                anywhere(format!("BudgetBurn{}", alert.long)),
            ],
        });
        facts.push(Fact {
            what: format!("the for of {what}"),
            spellings: vec![anywhere(format!(
                "{}, for {}:",
                alert.short.words(),
                alert.for_duration.words()
            ))],
        });
    }
    facts
}

/// Whether `needle` stands in `text` as a whole: not glued to a letter, a digit or a decimal part. A bare
/// number followed by a unit (`500 ms`, `5%`) is another quantity than the unitless `500` or `5`.
fn stands_in(text: &str, needle: &str) -> bool {
    let bare_number = needle.chars().all(|c| c.is_ascii_digit() || c == '.');
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let rest = &text[at + needle.len()..];
        let mut after = rest.chars();
        let (next, then) = (after.next(), after.next());
        let glued_before = before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.');
        let glued_after = next.is_some_and(|c| c.is_ascii_alphanumeric())
            || (next == Some('.') && then.is_some_and(|c| c.is_ascii_digit()));
        let with_unit = bare_number && [" ms", " s", "%", "×"].iter().any(|unit| rest.starts_with(unit));
        !glued_before && !glued_after && !with_unit
    })
}

/// The threshold step values of the dashboard's panels that show a signal (those with a unit other than
/// `none`), written as `f64`s are.
fn panel_thresholds(dashboard: &GeneratedFile) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&dashboard.contents).expect("the dashboard is JSON");
    let mut panels: Vec<&serde_json::Value> = Vec::new();
    for panel in json["panels"].as_array().into_iter().flatten() {
        panels.push(panel);
        panels.extend(panel["panels"].as_array().into_iter().flatten());
    }
    panels
        .into_iter()
        .filter(|p| p["fieldConfig"]["defaults"]["unit"] != "none")
        .flat_map(|p| {
            p["fieldConfig"]["defaults"]["thresholds"]["steps"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter_map(|step| step["value"].as_f64())
        .map(|v| v.to_string())
        .collect()
}

/// The files that write a spelling.
fn where_stated<'a>(files: &'a [GeneratedFile], spelling: &Spelling) -> Vec<&'a str> {
    files
        .iter()
        .filter(|f| match spelling.place {
            Place::Anywhere => stands_in(&f.contents, &spelling.text),
            Place::Rules => f.path.contains("/rules/") && stands_in(&f.contents, &spelling.text),
            Place::PanelThreshold => f.path.ends_with(".json") && panel_thresholds(f).contains(&spelling.text),
        })
        .map(|f| f.path.as_str())
        .collect()
}

#[test]
fn tumultes_defaults_are_each_stated_by_some_artefact() {
    let policy = Policy::default();
    let files = generate::files(&policy).expect("generates");
    for fact in facts(&policy) {
        assert!(
            fact.spellings.iter().any(|s| !where_stated(&files, s).is_empty()),
            "{} ({:?}) is stated nowhere: the test would not notice it restated by hand",
            fact.what,
            fact.spellings
        );
    }
}

#[test]
fn no_old_value_survives_a_change_of_every_fact() {
    let policy = Policy::default();
    let files = generate::files(&moved(&policy)).expect("generates");
    let mut survivors = Vec::new();
    for fact in facts(&policy) {
        for spelling in &fact.spellings {
            let files = where_stated(&files, spelling);
            if !files.is_empty() {
                survivors.push(format!(
                    "{} still written {:?} in {}",
                    fact.what,
                    spelling.text,
                    files.join(", ")
                ));
            }
        }
    }
    assert!(survivors.is_empty(), "old values survive:\n{}", survivors.join("\n"));
}

#[test]
fn every_new_value_is_written_wherever_the_old_one_was() {
    let defaults = Policy::default();
    let changed = moved(&defaults);
    let (old_files, new_files) = (
        generate::files(&defaults).expect("generates"),
        generate::files(&changed).expect("generates"),
    );
    for (old, new) in facts(&defaults).iter().zip(facts(&changed)) {
        for (old_spelling, new_spelling) in old.spellings.iter().zip(&new.spellings) {
            let (was, is) = (
                where_stated(&old_files, old_spelling),
                where_stated(&new_files, new_spelling),
            );
            assert_eq!(
                was, is,
                "{}: the old value was written {:?} in {was:?}, the new one {:?} in {is:?}",
                new.what, old_spelling.text, new_spelling.text
            );
        }
    }
}

#[test]
fn the_spelling_search_sees_whole_values_only() {
    assert!(stands_in("Over 5% for 5 minutes", "5%"));
    assert!(!stands_in("95% faster", "5%"));
    assert!(!stands_in("1.5 s", "5 s"));
    assert!(stands_in("past 500 ms optimise", "500 ms"));
    assert!(!stands_in("rate5m", "5m"));
    assert!(!stands_in("70.5", "70"));
    assert!(!stands_in("within 500 ms", "500"));
    assert!(stands_in("within 500 ms", "500 ms"));
}
