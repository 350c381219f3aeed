//! The raw text of the demo data: names, companies and support conversations. Placeholders in
//! scripts: `{first}` (customer's first name), `{order}` (order number), `{agent}` (team member).

/// A contact: display name and the ASCII local part of their email address.
pub(crate) const PEOPLE: &[(&str, &str)] = &[
    ("Zoë Müller", "zoe.mueller"),
    ("Søren Kjærgaard", "soren.kjaergaard"),
    ("José Ñúñez", "jose.nunez"),
    ("李雷", "li.lei"),
    ("Αλέξης Παπαδόπουλος", "alexis.papadopoulos"),
    ("Fatima Al-Zahra", "fatima.alzahra"),
    ("Henrik Larsen", "henrik"),
    ("Jane Smith", "jane"),
    ("Tom Berger", "tom"),
    ("Åsa Lindqvist", "asa.lindqvist"),
    ("Björn Þórsson", "bjorn.thorsson"),
    ("Chloé Dubois", "chloe.dubois"),
    ("Łukasz Wróbel", "lukasz.wrobel"),
    ("Ayşe Yılmaz", "ayse.yilmaz"),
    ("Дмитрий Иванов", "d.ivanov"),
    ("Priya Raman", "priya.raman"),
    ("Niamh O'Connor", "niamh.oconnor"),
    ("Mateus Conceição", "mateus.conceicao"),
    ("田中 健二", "kenji.tanaka"),
    ("Olusegun Adeyemi", "olusegun"),
    ("Inés García-López", "ines.garcia"),
    ("Jürgen Weiß", "juergen.weiss"),
    ("Ελένη Γεωργίου", "eleni.georgiou"),
    ("Mette Sørensen", "mette.s"),
    ("Ørjan Haugen", "orjan.haugen"),
    ("Amélie Laurent", "amelie"),
    ("Nguyễn Văn An", "an.nguyen"),
    ("Sven-Göran Ek", "svengoran.ek"),
];

/// Customer companies: account name and email domain.
pub(crate) const ACCOUNTS: &[(&str, &str)] = &[
    ("Nordic Parts ApS", "nordic-parts.dk"),
    ("Müller Feinkost GmbH", "mueller-feinkost.de"),
    ("Café Ñandú S.L.", "cafe-nandu.es"),
    ("Acme Corp", "acme.com"),
    ("Globex Retail BV", "globex.com"),
    ("Fjällräven Outfitters AB", "fjall-outfitters.se"),
    ("Boulangerie Étoile", "etoile-boulangerie.fr"),
    ("Κρήτη Olive Co.", "kriti-olive.gr"),
];

/// Free-mail domains for contacts without a company.
pub(crate) const FREEMAIL: &[&str] = &["gmail.com", "outlook.com", "proton.me", "web.de", "gmx.at"];

/// Team members who take conversations over from the AI.
pub(crate) const AGENTS: &[&str] = &["Mette Hansen", "Lars Øberg", "Sofía Martín", "Jonas Becker"];

/// Who a reply sent through the API appears to come from in the reference schema: a person (the
/// key's owner), never one of the brands' AI names, so clients cannot confuse the two.
pub(crate) const API_SENDER: &str = "Kim Andersen";
pub(crate) const SYSTEM_NAME: &str = "oHallo";

/// The tenant's brands: name, slug, email "From" name, and the name its AI signs with. The AI
/// names differ per brand (and "Lars" is also a team member's first name), so a client must look
/// a workspace's brand up rather than hard-code an AI name.
pub(crate) struct BrandText {
    pub name: &'static str,
    pub slug: &'static str,
    pub email_from_name: &'static str,
    pub ai_sender_name: &'static str,
}

pub(crate) const BRANDS: &[BrandText] = &[
    BrandText {
        name: "Acme",
        slug: "acme",
        email_from_name: "Acme Customer Care",
        ai_sender_name: "Sophie",
    },
    BrandText {
        name: "Globex",
        slug: "globex",
        email_from_name: "Globex Kundenservice",
        ai_sender_name: "Lars",
    },
    BrandText {
        name: "Initech",
        slug: "initech",
        email_from_name: "Initech Sales",
        ai_sender_name: "Ava",
    },
];

pub(crate) struct Topic {
    pub subject: &'static str,
    /// Alternating lines, the customer's first.
    pub lines: &'static [&'static str],
}

pub(crate) const TOPICS: &[Topic] = &[
    Topic {
        subject: "Where is order {order}?",
        lines: &[
            "Hi, could you check the status of order {order}? It was supposed to arrive last week and the tracking page hasn't changed since Monday.",
            "Hello {first}, I have checked order {order}. It shipped on Tuesday via EuroExpress and is in transit; the updated delivery estimate is Friday. I apologise for the delay.",
            "Thanks. Is there any way to get it sooner? We need the parts for a customer installation on Thursday morning.",
            "I understand the urgency. I can't speed up the current shipment, but I can send a replacement by express courier today at no cost, and you simply refuse the first parcel when it arrives. Shall I do that?",
            "Yes please, express would be great. Same delivery address as the original order.",
            "Done: the express replacement for {order} leaves our warehouse today and arrives tomorrow before 12:00. You'll receive the new tracking link by email within the hour.",
        ],
    },
    Topic {
        subject: "Refund for a returned item",
        lines: &[
            "Hello, I returned two items from order {order} more than two weeks ago (return label RT-{order}) but I still haven't seen the refund on my card. Can you tell me what is going on?",
            "Hi {first}, thanks for reaching out. Your return was received at our warehouse on the 12th and approved. Refunds take 5–7 business days to appear, depending on your bank.",
            "It has been 8 business days now. My bank says nothing is pending. 😕",
            "I'm sorry about that. I can see the refund of €149.90 was issued, but it failed because the card on file has expired. Could you reply with the last four digits of the new card, or would you prefer a bank transfer?",
            "Bank transfer, please. IBAN DK50 0040 0440 1162 43, account holder is the company.",
            "Thank you. The bank transfer of €149.90 has been scheduled and should arrive within 2 business days. I've added a note to your account so this doesn't happen again.",
        ],
    },
    Topic {
        subject: "Bulk pricing for 500 units",
        lines: &[
            "Good morning,\nwe are planning to order around 500 units of the SX-200 sensor for a rollout across our stores.\nDo you offer volume pricing, and what would the lead time be?",
            "Good morning {first}, thanks for considering us. For 500 units of the SX-200 we can offer tiered pricing: €41.50 per unit from 250 units and €38.90 from 500 units, excluding VAT. Lead time is currently 3 weeks.",
            "That sounds reasonable. Can we split the delivery into two batches, 300 now and 200 in two months, and still get the 500-unit price?",
            "Yes, a split delivery is possible as long as both batches are on one purchase order. I'll prepare a quote with the €38.90 price and two delivery dates. Which billing entity should appear on the quote?",
            "Please use our head office, VAT number DK 12 34 56 78. Thanks for the quick answers!",
            "You're welcome! The quote Q-{order} is on its way to your inbox. It is valid for 30 days; reply to this thread whenever you're ready to confirm.",
        ],
    },
    Topic {
        subject: "Password reset link not arriving",
        lines: &[
            "I can't log in to the customer portal. I've requested a password reset three times but no email arrives, not even in spam.",
            "Sorry to hear that, {first}. I can see three reset requests on your account, all sent successfully. Some company mail filters block our reset emails; could you check whether your IT quarantines messages from no-reply@portal.example?",
            "Our IT says nothing is quarantined. I really need to download an invoice today.",
            "Understood. I've sent a fresh reset link to your address from a different mail server just now; it is valid for 30 minutes. If it still doesn't arrive, I can email you the invoice directly.",
            "Got it this time, thank you! I'm in.",
            "Great to hear! If you'd like, you can enable sign-in with a one-time code in your profile settings so you never depend on reset emails again.",
        ],
    },
    Topic {
        subject: "Invoice copy and VAT correction",
        lines: &[
            "Hello,\n\nour accounting department needs a corrected copy of invoice INV-{order}. The VAT number on it is wrong (it shows our old Swedish number), and the company name should read with the full legal form.\n\nCould you reissue it?",
            "Hello {first}, of course. Could you send me the correct VAT number and the exact legal company name as it should appear on the invoice?",
            "VAT: SE556677889901. Name: as registered, including \"AB\" at the end. Please also add our purchase order reference PO-2026-0314.",
            "Thank you. I've issued a credit note for the original invoice and a corrected invoice INV-{order}-C with the new VAT number, full legal name and your PO reference. Both are attached to your account under Billing → Documents.",
            "Perfect, that's exactly what we needed.",
            "Glad it's sorted! Future invoices will use the new details automatically.",
        ],
    },
    Topic {
        subject: "Damaged delivery",
        lines: &[
            "The parcel for order {order} arrived today with the box crushed and two of the glass jars broken. I have photos. What do I do now?",
            "I'm very sorry, {first}. Please don't throw anything away yet. Could you send the photos of the box and the broken items here? Then I can arrange a replacement right away.",
            "Photos sent by email a minute ago, subject line \"Broken jars {order}\".",
            "Received, thank you. A replacement for the two jars is on its way with tracked shipping, and you don't need to return the broken ones. I've also reported the damage to the carrier.",
            "Thank you, that was quick. Much appreciated.",
            "My pleasure. The replacement should arrive within 2–3 days. Enjoy the olive oil! 🫒",
        ],
    },
    Topic {
        subject: "Change delivery address",
        lines: &[
            "Hi! I just placed order {order} and realised it will go to my old address. Can you change it to Vesterbrogade 112, 3. th., 1620 København V?",
            "Hi {first}, I caught it in time: the order hadn't been packed yet. The delivery address for {order} is now Vesterbrogade 112, 3. th., 1620 København V.",
            "Amazing, thanks. Will the delivery date change?",
            "No, it still arrives on Thursday between 08:00 and 16:00. You'll get an SMS on the day with a narrower time window.",
            "👍",
            "Have a great week!",
        ],
    },
    Topic {
        subject: "Cancel subscription",
        lines: &[
            "I'd like to cancel our subscription at the end of the current billing period. We are moving to a different supplier.",
            "Sorry to see you go, {first}. Before I process it: are you aware that your plan renews on the 1st and that cancelling keeps your access until then? Is there anything we could have done better?",
            "Yes, I'm aware. Honestly, the price increase in January was the main reason.",
            "Thank you for the honest feedback. I can offer to keep your current price for another 12 months if you'd like to stay. Otherwise I'll confirm the cancellation right away, whichever you prefer.",
            "Hmm, keeping the old price for 12 months would change things. Can you put that in writing?",
            "Absolutely. I've emailed you the price guarantee (valid until next March), and your subscription continues unchanged. Thanks for staying with us!",
        ],
    },
    Topic {
        subject: "Warranty claim for a faulty device",
        lines: &[
            "Our SX-200 sensor (serial SX2-7781-AB) stopped reporting after a firmware update yesterday. It's 14 months old. Is this covered by the warranty?",
            "Hi {first}, yes: the SX-200 has a 24-month warranty. Before we replace it, could you try holding the reset button for 10 seconds while the device is powered on?",
            "Tried it twice. The LED blinks red three times and then nothing happens.",
            "Three red blinks means the firmware image is corrupted, which is covered. I've opened warranty case W-{order}; a prepaid return label and a replacement unit are on their way.",
            "Do we have to wait for the return before the replacement ships?",
            "No, the replacement ships today. Please return the faulty unit within 30 days using the label in the box.",
        ],
    },
    Topic {
        subject: "Rückerstattung für Bestellung {order}",
        lines: &[
            "Guten Tag,\n\nich habe die Bestellung {order} am Montag storniert, aber der Betrag von 89,95 € wurde trotzdem von meiner Kreditkarte abgebucht.\n\nBitte erstatten Sie mir den Betrag.\n\nMit freundlichen Grüßen",
            "Guten Tag {first}, vielen Dank für Ihre Nachricht. Die Stornierung ist bei uns eingegangen; die Abbuchung war nur eine Vormerkung, die Ihre Bank in 3–5 Werktagen automatisch freigibt.",
            "Auf meinem Kontoauszug steht sie aber als gebucht, nicht als vorgemerkt.",
            "Danke für den Hinweis, Sie haben recht. Ich habe die Erstattung über 89,95 € soeben manuell veranlasst. Sie erhalten eine Bestätigung per E-Mail.",
            "Vielen Dank für die schnelle Hilfe!",
            "Gern geschehen. Einen schönen Tag noch!",
        ],
    },
    Topic {
        subject: "Pedido {order} retrasado",
        lines: &[
            "Hola, mi pedido {order} tenía que llegar el martes y todavía no sé nada. ¿Pueden decirme dónde está?",
            "Hola {first}, lo siento mucho por el retraso. Su pedido está en el centro de distribución de Zaragoza y saldrá mañana por la mañana; la entrega está prevista para el jueves.",
            "¿Y si no estoy en casa el jueves?",
            "El repartidor le enviará un SMS una hora antes. Si no está, puede elegir un punto de recogida cercano o una nueva fecha desde el enlace del SMS.",
            "Perfecto, muchas gracias.",
            "¡A usted! Que tenga un buen día.",
        ],
    },
    Topic {
        subject: "Account access for a new colleague",
        lines: &[
            "Hi, a new colleague started in our purchasing team today. How can I give her access to our company account so she can place orders?",
            "Welcome to your new colleague! As the account owner, you can invite her under Settings → Team → Invite member. Would you like her to be able to approve orders too, or only create them?",
            "Only create them. Approvals should stay with me. Also, can she see past invoices?",
            "Then choose the \"Buyer\" role: she can create orders and see invoices, while approvals stay with you. The invitation link is valid for 7 days.",
            "Invite sent, she's in. Thanks!",
            "Great! Let us know if anything else comes up.",
        ],
    },
];

/// Extra wrapping that makes email bodies look like emails (multi-line, greeting and signature).
pub(crate) const EMAIL_CUSTOMER_SIGNOFFS: &[&str] = &[
    "Best regards,",
    "Kind regards,",
    "Thanks in advance,",
    "Med venlig hilsen,",
];

/// What simulated customers write into existing conversations.
pub(crate) const FOLLOW_UPS: &[&str] = &[
    "Any update on this?",
    "Sorry, one more question: can I also change the invoice address?",
    "Hello? I'm still waiting for an answer here.",
    "Just checked the tracking again – still nothing. 😟",
    "Thanks! One last thing: do you ship to Norway as well?",
    "Ich habe noch eine Frage zu meiner Rechnung.",
    "Could you call me back on my mobile instead? It's easier for me.",
    "¿Pueden confirmar que han recibido mi mensaje?",
    "Great, that works for us. Please go ahead.",
    "I've attached the photos you asked for.\nThe box was already open when it arrived.",
];

/// What simulated customers write when they start a new conversation.
pub(crate) const OPENERS: &[&str] = &[
    "Hi, I'd like to know whether you offer discounts for schools and non-profits.",
    "My payment failed twice at checkout, but the money seems to be reserved on my card. What should I do?",
    "Hello! Can I still add an item to the order I placed an hour ago?",
    "Bonjour, est-ce que vous livrez en Belgique ?",
    "The product page says \"in stock\", but the checkout says 3–4 weeks. Which is right?",
    "Do you have a Danish-speaking contact person for larger orders?",
];

/// What the AI says on a simulated voice call after the caller speaks.
pub(crate) const VOICE_AI_ANSWERS: &[&str] = &[
    "Thanks, I've noted that. Is there anything else I can help you with today?",
    "Let me check that for you. One moment, please.",
    "I understand. I'll pass this to a colleague who will call you back today.",
];

pub(crate) struct AttentionReason {
    pub kind: &'static str,
    pub reason: &'static str,
}

pub(crate) const ATTENTION_REASONS: &[AttentionReason] = &[
    AttentionReason {
        kind: "human_requested",
        reason: "The customer asked to speak to a person.",
    },
    AttentionReason {
        kind: "policy_approval",
        reason: "A refund above €100 needs a team member's approval.",
    },
    AttentionReason {
        kind: "low_confidence",
        reason: "The AI could not produce a validated reply from the knowledge base.",
    },
    AttentionReason {
        kind: "negative_sentiment",
        reason: "The customer sounds frustrated; consider a personal reply.",
    },
];

/// Workspaces and their channels: (workspace name, index in [`BRANDS`], [(channel type, display name)]).
/// A channel: (channel type, display name).
type ChannelText = (&'static str, &'static str);

/// How many workspaces every sandbox has: what one key sees at most.
pub const WORKSPACE_COUNT: usize = WORKSPACES.len();

pub(crate) const WORKSPACES: &[(&str, usize, &[ChannelText])] = &[
    (
        "Acme Support",
        0,
        &[
            ("email", "support@acme.example"),
            ("email", "billing@acme.example"),
            ("chat", "Acme website chat"),
            ("whatsapp", "Acme WhatsApp +45 32 10 45 67"),
            ("voice", "Acme hotline +45 70 20 30 40"),
        ],
    ),
    (
        "Globex EU",
        1,
        &[
            ("email", "kundenservice@globex.example"),
            ("chat", "Globex shop chat"),
            ("whatsapp", "Globex WhatsApp +49 30 1234 5678"),
            ("voice", "Globex phone line +49 30 9876 5432"),
        ],
    ),
    (
        "Initech Sales",
        2,
        &[
            ("email", "sales@initech.example"),
            ("chat", "Initech pricing chat"),
            ("voice", "Initech sales line +46 8 123 456 78"),
        ],
    ),
];
