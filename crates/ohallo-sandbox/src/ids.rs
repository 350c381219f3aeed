//! Identifier shapes. Most ids look like UUIDs, but some are prefixed ULID-like strings, as in
//! oHallo's own material, so clients never come to rely on UUID syntax.

use rand::Rng;

const CROCKFORD: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

pub(crate) fn uuid(rng: &mut impl Rng) -> String {
    let bits: u128 = rng.random();
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        (bits >> 96) as u32,
        (bits >> 80) as u16,
        (bits >> 68) as u16 & 0x0fff,
        ((bits >> 52) as u16 & 0x3fff) | 0x8000,
        bits as u64 & 0xffff_ffff_ffff
    )
}

/// `prefix_01H…`: the shape of a ULID minted in 2024–2026.
pub(crate) fn prefixed(prefix: &str, rng: &mut impl Rng) -> String {
    let mut id = String::with_capacity(prefix.len() + 27);
    id.push_str(prefix);
    id.push_str("_01H");
    for _ in 0..23 {
        id.push(char::from(CROCKFORD[rng.random_range(0..CROCKFORD.len())]));
    }
    id
}

/// A UUID, or (one time in `one_in`) a prefixed id.
pub(crate) fn mixed(prefix: &str, one_in: u32, rng: &mut impl Rng) -> String {
    if rng.random_ratio(1, one_in) {
        prefixed(prefix, rng)
    } else {
        uuid(rng)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn uuids_have_the_canonical_shape() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let id = uuid(&mut rng);
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }

    #[test]
    fn prefixed_ids_look_like_ulids() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let id = prefixed("conv", &mut rng);
        assert!(id.starts_with("conv_01H"));
        assert_eq!(id.len(), "conv_".len() + 26);
    }
}
