//! The printed table: each figure beside the bare window's where one exists, and whether its
//! target holds.

pub struct Row {
    name: String,
    app: String,
    bare: String,
    target: String,
    holds: Option<bool>,
}

#[derive(Default)]
pub struct Report {
    rows: Vec<Row>,
}

impl Report {
    /// A figure with no target: printed for the record.
    pub fn figure(&mut self, name: &str, app: String, bare: Option<String>) {
        self.push(name, app, bare, String::new(), None);
    }

    pub fn target(
        &mut self,
        name: &str,
        app: String,
        bare: Option<String>,
        target: String,
        holds: bool,
    ) {
        self.push(name, app, bare, target, Some(holds));
    }

    fn push(
        &mut self,
        name: &str,
        app: String,
        bare: Option<String>,
        target: String,
        holds: Option<bool>,
    ) {
        self.rows.push(Row {
            name: name.to_string(),
            app,
            bare: bare.unwrap_or_else(|| "-".into()),
            target,
            holds,
        });
    }

    pub fn print(&self) {
        let header = ["figure", "oHallo", "bare window", "target", "holds"];
        let cells: Vec<[String; 5]> = self
            .rows
            .iter()
            .map(|row| {
                [
                    row.name.clone(),
                    row.app.clone(),
                    row.bare.clone(),
                    row.target.clone(),
                    match row.holds {
                        Some(true) => "yes".into(),
                        Some(false) => "NO".into(),
                        None => String::new(),
                    },
                ]
            })
            .collect();
        let width = |column: usize| {
            cells
                .iter()
                .map(|row| row[column].chars().count())
                .chain([header[column].len()])
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..5).map(width).collect();
        let line = |values: [&str; 5]| {
            let padded: Vec<String> = values
                .iter()
                .zip(&widths)
                .map(|(value, width)| format!("{value:<width$}"))
                .collect();
            println!("| {} |", padded.join(" | "));
        };
        line(header);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        println!("|-{}-|", rule.join("-|-"));
        for row in &cells {
            line([&row[0], &row[1], &row[2], &row[3], &row[4]]);
        }
        let missed = self
            .rows
            .iter()
            .filter(|row| row.holds == Some(false))
            .count();
        let checked = self.rows.iter().filter(|row| row.holds.is_some()).count();
        println!("targets: {} of {checked} hold", checked - missed);
    }
}

/// The value at quantile `q` (0..=1) of `values`, by nearest rank.
pub fn quantile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

pub fn ms(value: f64) -> String {
    format!("{value:.0} ms")
}

pub fn mib(value: f64) -> String {
    format!("{value:.1} MiB")
}
