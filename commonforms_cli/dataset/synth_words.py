"""The words synthetic forms are printed with (dataset/synth.py), per language.

Each table maps a language code to its phrases; a language a table lacks borrows
English. The held-out forms the detector does worst on are German, Austrian,
Swiss, French, Spanish, Italian and Polish (issue 16), so those carry the
captions their forms print: "Name, Vorname", "Signature du déclarant", "Podpis".
"""

from __future__ import annotations

LABELS = {
    "en": [
        "Name", "First name", "Last name", "Middle initial", "Address", "Street address", "City", "State",
        "ZIP code", "Country", "Phone", "Home phone", "Mobile", "Email", "Date of birth", "Social Security Number",
        "Employer", "Occupation", "Job title", "Amount", "Total", "Account number", "Case number", "County",
        "Spouse's name", "Dependent name", "Relationship", "Annual income", "Monthly rent", "Start date",
        "End date", "Policy number", "Member ID", "Reason for request", "Emergency contact", "Company",
        "Department", "Apartment", "Date", "Printed name", "Title", "Witness", "Fax", "Website", "Age",
    ],
    "es": [
        "Nombre", "Apellido", "Dirección", "Ciudad", "Estado", "Código postal", "Teléfono", "Correo electrónico",
        "Fecha de nacimiento", "Número de caso", "Empleador", "Ocupación", "Cantidad", "Fecha", "País",
        "Primer apellido", "Segundo apellido", "DNI/NIE", "Domicilio", "Municipio", "Provincia", "Nacionalidad",
    ],
    "de": [
        "Name", "Vorname", "Anschrift", "Straße, Hausnummer", "PLZ", "Ort", "Telefon", "E-Mail", "Geburtsdatum",
        "Steuernummer", "Arbeitgeber", "Beruf", "Betrag", "Datum", "Aktenzeichen", "Name, Vorname",
        "Familienname", "Vorname(n)", "Geburtsname", "Geburtsort", "Staatsangehörigkeit", "PLZ, Ort",
        "Telefon (tagsüber)", "E-Mail-Adresse", "Steuer-Identifikationsnummer", "IBAN", "BIC", "Kreditinstitut",
        "Familienstand", "Sozialversicherungsnummer", "Titel", "Geschlecht", "Bundesland", "Kanton", "Gemeinde",
    ],
    "fr": [
        "Nom", "Prénom", "Adresse", "Ville", "Code postal", "Téléphone", "Courriel", "Date de naissance",
        "Numéro de dossier", "Employeur", "Profession", "Montant", "Date", "Pays", "Nom de naissance",
        "Lieu de naissance", "Nationalité", "Commune", "N° de sécurité sociale", "Adresse électronique",
    ],
    "it": [
        "Cognome", "Nome", "Codice fiscale", "Data di nascita", "Luogo di nascita", "Indirizzo", "Comune",
        "Provincia", "CAP", "Telefono", "Cellulare", "Posta elettronica", "Cittadinanza", "Professione",
        "Importo", "Data", "Residenza", "Numero documento",
    ],
    "pl": [
        "Imię", "Nazwisko", "Imię i nazwisko", "PESEL", "Data urodzenia", "Miejsce urodzenia", "Adres zamieszkania",
        "Ulica", "Kod pocztowy", "Miejscowość", "Gmina", "Województwo", "Telefon", "Adres e-mail", "Obywatelstwo",
        "Kwota", "Data", "Numer dowodu osobistego", "Nazwa pracodawcy",
    ],
    "ru": ["Фамилия", "Имя", "Отчество", "Адрес", "Город", "Телефон", "Дата рождения", "Подпись", "Дата"],
    "zh": ["姓名", "地址", "电话", "日期", "出生日期", "身份证号码", "工作单位", "邮箱", "金额"],
}
SIGNATURE_LABELS = {
    "en": ["Signature", "Sign here", "Signature of applicant", "Applicant's signature", "Signature of taxpayer",
           "Authorized signature", "Signature of parent or guardian", "Employee signature", "Witness signature"],
    "es": ["Firma", "Firma del solicitante", "Firme aquí", "Firma del declarante"],
    "de": ["Unterschrift", "Unterschrift des Antragstellers", "Ort, Datum, Unterschrift",
           "Unterschrift der antragstellenden Person", "Unterschrift des/der Erziehungsberechtigten"],
    "fr": ["Signature", "Signature du demandeur", "Signature du client", "Signature du déclarant"],
    "it": ["Firma", "Firma del dichiarante", "Firma del richiedente", "Firma leggibile"],
    "pl": ["Podpis", "Podpis wnioskodawcy", "Czytelny podpis", "Data i podpis"],
    "ru": ["Подпись", "Подпись заявителя"],
    "zh": ["签名", "申请人签名", "签字"],
}
# What a form prints above or before a signature line, to ask for it.
SIGN_PROMPTS = {
    "en": ["Sign below", "Please sign below", "Sign here", "Signature", "Sign and date below"],
    "es": ["Firme aquí", "Firma"],
    "de": ["Bitte hier unterschreiben", "Unterschrift"],
    "fr": ["Signez ici", "Signature du déclarant"],
    "it": ["Firmare qui", "Firma"],
    "pl": ["Podpis", "Proszę podpisać poniżej"],
}
# Long questions that end in a rule on the same line ("Your current name: ________").
LINE_PROMPTS = {
    "en": ["Your current name", "Your new name", "Name of petitioner", "Name of the minor child",
           "Address where you live", "Mailing address (if different)", "Your telephone number",
           "Case number (if known)", "Name of the court", "County where you live", "Date of the hearing",
           "Name of your employer", "Names of other parties", "Reason for the change"],
    "es": ["Su nombre completo", "Domicilio actual", "Nombre del menor", "Motivo de la solicitud"],
    "de": ["Name und Anschrift des Antragstellers", "Derzeitige Anschrift", "Grund des Antrags"],
    "fr": ["Nom et prénom du demandeur", "Adresse actuelle", "Motif de la demande"],
    "it": ["Il/La sottoscritto/a", "Residente in", "Motivo della richiesta"],
    "pl": ["Imię i nazwisko wnioskodawcy", "Adres do korespondencji", "Uzasadnienie wniosku"],
}
# Captions printed small under the parts of one rule ("first   middle   last").
PART_CAPTIONS = {
    "en": [["first", "middle", "last"], ["(First)", "(Middle)", "(Last)"], ["Street", "City", "State", "ZIP"],
           ["(Month)", "(Day)", "(Year)"], ["(Area code)", "(Number)"], ["Number and street", "Apt."]],
    "es": [["Nombre", "Primer apellido", "Segundo apellido"], ["Calle", "Ciudad", "Código postal"]],
    "de": [["Vorname", "Name"], ["Straße", "PLZ", "Ort"], ["Tag", "Monat", "Jahr"]],
    "fr": [["Nom", "Prénom"], ["Rue", "Code postal", "Ville"], ["Jour", "Mois", "Année"]],
    "it": [["Cognome", "Nome"], ["Via", "CAP", "Comune"]],
    "pl": [["Imię", "Nazwisko"], ["Ulica", "Kod pocztowy", "Miejscowość"]],
}
QUESTIONS = {
    "en": ["Are you a U.S. citizen?", "Marital status", "Check all that apply", "Type of request",
           "Do you have health insurance?", "Preferred contact method", "Filing status", "Gender",
           "How did you hear about us?", "Is this a new address?", "Select one"],
    "es": ["Estado civil", "Marque todo lo que corresponda", "¿Tiene seguro médico?"],
    "de": ["Familienstand", "Zutreffendes bitte ankreuzen", "Geschlecht"],
    "fr": ["Situation familiale", "Cochez la case correspondante", "Sexe"],
    "it": ["Stato civile", "Barrare la casella che interessa", "Sesso"],
    "pl": ["Stan cywilny", "Zaznaczyć właściwe", "Płeć"],
    "ru": ["Семейное положение", "Отметьте нужное"],
    "zh": ["婚姻状况", "请选择"],
}
OPTIONS = {
    "en": ["Yes", "No", "Single", "Married", "Divorced", "Widowed", "Email", "Phone", "Mail", "Other",
           "Male", "Female", "Full-time", "Part-time", "Owner", "Renter", "N/A", "Unknown", "New", "Renewal"],
    "es": ["Sí", "No", "Soltero", "Casado", "Otro"],
    "de": ["Ja", "Nein", "ledig", "verheiratet", "geschieden", "verwitwet", "Sonstiges"],
    "fr": ["Oui", "Non", "Célibataire", "Marié(e)", "Autre"],
    "it": ["Sì", "No", "Celibe/Nubile", "Coniugato/a", "Altro"],
    "pl": ["Tak", "Nie", "Kawaler/Panna", "Żonaty/Zamężna", "Inne"],
    "ru": ["Да", "Нет", "Другое"],
    "zh": ["是", "否", "其他"],
}
TITLES = {
    "en": ["Application for Benefits", "Change of Address", "Employment Application", "Patient Intake Form",
           "Request for Records", "Tax Return Schedule", "Registration Form", "Affidavit", "Rental Application",
           "Claim Form", "Membership Application", "Consent Form", "Order Form"],
    "es": ["Solicitud de beneficios", "Formulario de registro", "Cambio de domicilio"],
    "de": ["Antrag auf Leistungen", "Anmeldeformular", "Änderungsmitteilung", "Beitrittserklärung"],
    "fr": ["Demande d'aide", "Formulaire d'inscription", "Déclaration"],
    "it": ["Domanda di iscrizione", "Modulo di richiesta", "Dichiarazione sostitutiva"],
    "pl": ["Wniosek o wydanie zaświadczenia", "Formularz zgłoszeniowy", "Oświadczenie"],
    "ru": ["Заявление", "Анкета"],
    "zh": ["申请表", "登记表"],
}
# Column headings of tables in which each row is filled in.
COLUMNS = {
    "en": ["Name", "Date of birth", "Relationship", "Amount", "Date", "Description", "Employer", "From", "To",
           "Address", "Hours", "Rate", "Total", "Signature", "Phone", "Age", "SSN"],
    "es": ["Nombre", "Fecha", "Parentesco", "Importe", "Descripción", "Desde", "Hasta"],
    "de": ["Name, Vorname", "Geburtsdatum", "Verwandtschaftsverhältnis", "Betrag", "Datum", "von", "bis"],
    "fr": ["Nom, prénom", "Date de naissance", "Lien de parenté", "Montant", "Du", "Au"],
    "it": ["Cognome e nome", "Data di nascita", "Rapporto di parentela", "Importo", "Dal", "Al"],
    "pl": ["Imię i nazwisko", "Data urodzenia", "Stopień pokrewieństwa", "Kwota", "Od", "Do"],
}
WORDS = (
    "the of and to in for is on that by this with you it not or be are from at as your all have new more an was "
    "form must be completed if applicable please print clearly attach additional pages instructions see page "
    "information required section provide each return under penalty perjury declare that examined true correct "
    "complete agency will use this information determine eligibility benefits notice privacy act federal law "
    "requires payment income tax year amount line enter total schedule office only do not write below"
).split()
DATE_WORD = {"es": "Fecha", "de": "Datum", "fr": "Date", "it": "Data", "pl": "Data", "ru": "Дата", "zh": "日期"}
PLACE_AND_DATE = {"en": ["Place, date", "Date"], "es": ["Lugar y fecha"], "de": ["Ort, Datum"],
                  "fr": ["Fait à, le", "Lieu et date"], "it": ["Luogo e data"], "pl": ["Miejscowość, data"]}
# How often each language is drawn (per cent of pages).
WEIGHTS = {"en": 50, "es": 8, "de": 14, "fr": 9, "it": 7, "pl": 5, "ru": 4, "zh": 3}
