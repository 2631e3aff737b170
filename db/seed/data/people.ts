/** Names, countries and company-name parts for the demo seed. Every person and company here is fictional. */

/** Splits a comma-separated block into trimmed items; keeps long word lists compact and readable. */
export function list(block: string): string[] {
  return block
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface NamePool {
  first: readonly string[];
  last: readonly string[];
}

export const NAME_POOLS = {
  anglo: {
    first: list(`
      James, Olivia, Liam, Emma, Noah, Ava, Ethan, Sophia, Mason, Isabella, Lucas, Mia, Jack,
      Charlotte, Henry, Amelia, Owen, Harper, Samuel, Grace, Daniel, Chloe, Ryan, Hannah, Nathan,
      Zoe, Caleb, Lily, Dylan, Ella, Connor, Abigail, Isaac, Ruby, Oscar, Freya, Theo, Matilda,
      Aaron, Megan
    `),
    last: list(`
      Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Taylor, Anderson, Thomas,
      Moore, Martin, Thompson, White, Harris, Clark, Lewis, Walker, Hall, Young, Allen, King,
      Wright, Scott, Green, Baker, Adams, Campbell, Mitchell, Roberts, Carter, Phillips, Evans,
      Turner, Parker, Collins, Edwards, Stewart, Murphy
    `),
  },
  german: {
    first: list(`
      Lukas, Anna, Felix, Lea, Jonas, Laura, Maximilian, Lena, Paul, Marie, Leon, Sophie, Tobias,
      Julia, Moritz, Katharina, Niklas, Hannah, Florian, Miriam
    `),
    last: list(`
      Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Koch,
      Richter, Klein, Wolf, Neumann, Schwarz, Zimmermann, Krüger, Hartmann, Lange
    `),
  },
  french: {
    first: list(`
      Louis, Camille, Hugo, Chloé, Jules, Manon, Arthur, Léa, Gabriel, Inès, Raphaël, Juliette,
      Antoine, Margaux, Mathis, Élodie, Baptiste, Clémence, Théo, Noémie
    `),
    last: list(`
      Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon,
      Laurent, Lefebvre, Michel, Garcia, David, Bertrand, Roux, Vincent, Fournier
    `),
  },
  spanish: {
    first: list(`
      Alejandro, Lucía, Mateo, Sofía, Diego, Valentina, Javier, Camila, Carlos, Martina, Pablo,
      Daniela, Andrés, Gabriela, Santiago, Isabel, Miguel, Paula, Sergio, Carmen
    `),
    last: list(`
      García, Rodríguez, Martínez, López, González, Hernández, Pérez, Sánchez, Ramírez, Torres,
      Flores, Rivera, Gómez, Díaz, Morales, Jiménez, Ruiz, Vargas, Castillo, Ortega
    `),
  },
  portuguese: {
    first: list(`
      João, Ana, Pedro, Beatriz, Gabriel, Mariana, Rafael, Larissa, Thiago, Fernanda, Bruno,
      Juliana, Felipe, Camila, Rodrigo, Carolina, Gustavo, Letícia, Tiago, Inês
    `),
    last: list(`
      Silva, Santos, Oliveira, Souza, Pereira, Costa, Rodrigues, Almeida, Nascimento, Lima,
      Araújo, Fernandes, Carvalho, Gomes, Martins, Rocha, Ribeiro, Alves, Monteiro, Barbosa
    `),
  },
  italian: {
    first: list(`
      Marco, Giulia, Luca, Francesca, Matteo, Chiara, Alessandro, Sara, Davide, Elena
    `),
    last: list(`
      Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco
    `),
  },
  dutch: {
    first: list(`
      Daan, Sanne, Bram, Fleur, Sem, Lotte, Thijs, Eva, Ruben, Noor
    `),
    last: list(`
      de Jong, Jansen, de Vries, van den Berg, Bakker, Visser, Smit, Meijer, Mulder, Bos
    `),
  },
  nordic: {
    first: list(`
      Erik, Astrid, Lars, Ingrid, Anders, Sofie, Mikkel, Elin, Oskar, Sanna
    `),
    last: list(`
      Andersson, Johansson, Nielsen, Hansen, Larsen, Lindqvist, Berg, Virtanen, Nyström, Dahl
    `),
  },
  slavic: {
    first: list(`
      Jakub, Zuzanna, Piotr, Katarzyna, Oleksandr, Olena, Andrii, Iryna, Tomasz, Agnieszka,
      Mihai, Ioana, Marek, Tereza, Dmytro, Yulia, Paweł, Magdalena, Bogdan, Alina
    `),
    last: list(`
      Kowalski, Nowak, Wiśniewski, Wójcik, Shevchenko, Kovalenko, Bondarenko, Tkachenko, Popescu,
      Ionescu, Novák, Dvořák, Zieliński, Lewandowska, Melnyk, Kravchenko, Stan, Kamińska, Horvat,
      Marić
    `),
  },
  indian: {
    first: list(`
      Aarav, Priya, Rohan, Ananya, Arjun, Kavya, Vikram, Sneha, Rahul, Divya, Aditya, Meera,
      Karthik, Pooja, Siddharth, Nisha, Varun, Ishita, Nikhil, Shreya
    `),
    last: list(`
      Sharma, Patel, Reddy, Iyer, Gupta, Nair, Singh, Mehta, Kumar, Rao, Joshi, Menon, Desai,
      Kapoor, Chatterjee, Bose, Pillai, Agarwal, Verma, Malhotra
    `),
  },
  southAsian: {
    first: list(`
      Ahmed, Ayesha, Bilal, Fatima, Hamza, Sana, Usman, Zainab, Imran, Nusrat
    `),
    last: list(`
      Khan, Ahmed, Hussain, Malik, Chowdhury, Rahman, Qureshi, Siddiqui, Butt, Islam
    `),
  },
  african: {
    first: list(`
      Chinedu, Amara, Tunde, Ngozi, Kwame, Akosua, Wanjiru, Otieno, Thabo, Lerato, Emeka, Adaeze,
      Kofi, Zanele, Baraka, Nia, Sipho, Folake, Juma, Ama
    `),
    last: list(`
      Okafor, Adeyemi, Mensah, Kamau, Ochieng, Nkosi, Balogun, Owusu, Mwangi, Dlamini, Eze,
      Boateng, Njoroge, Mokoena, Abubakar, Asante, Odhiambo, Ndlovu, Obi, Wanjiku
    `),
  },
  arabic: {
    first: list(`
      Omar, Layla, Youssef, Nour, Karim, Mariam, Tarek, Salma, Hassan, Yasmin
    `),
    last: list(`
      Hassan, Mahmoud, Haddad, Farouk, El-Sayed, Mansour, Nasser, Khalil, Saleh, Aziz
    `),
  },
  filipino: {
    first: list(`
      Joshua, Angel, Mark, Kristine, John Paul, Mae, Christian, Joy, Miguel, Bea
    `),
    last: list(`
      Santos, Reyes, Cruz, Bautista, Ocampo, Garcia, Mendoza, Villanueva, Aquino, Ramos
    `),
  },
  vietnamese: {
    first: list(`Minh, Linh, Duc, Thao, Hieu, Trang, Quang, Huong, Tuan, Mai`),
    last: list(`Nguyen, Tran, Le, Pham, Hoang, Vu, Dang, Bui, Do, Ngo`),
  },
  indonesian: {
    first: list(`Putri, Budi, Dewi, Rizky, Ayu, Agus, Sari, Andi, Fitri, Yusuf`),
    last: list(`Santoso, Wijaya, Pratama, Hidayat, Kusuma, Saputra, Halim, Nugroho, Setiawan, Lestari`),
  },
  japanese: {
    first: list(`Haruto, Yui, Sota, Aoi, Ren, Hina, Yuto, Sakura, Kaito, Mei`),
    last: list(`Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, Kobayashi, Kato`),
  },
  korean: {
    first: list(`Minjun, Seoyeon, Jiho, Jiwoo, Hyun, Soojin, Donghyun, Yuna, Jaehyun, Eunji`),
    last: list(`Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim`),
  },
  chinese: {
    first: list(`Wei, Mei, Jun, Xin, Hao, Ling, Jia Hui, Wen, Zhi Hao, Li Na`),
    last: list(`Chen, Wong, Tan, Lim, Lee, Ng, Goh, Lau, Teo, Ong`),
  },
  turkish: {
    first: list(`
      Emre, Elif, Burak, Zeynep, Mert, Ayşe, Can, Defne, Kerem, Selin
    `),
    last: list(`
      Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Aydın, Öztürk, Arslan, Doğan
    `),
  },
} satisfies Record<string, NamePool>;

export type NameRegion = keyof typeof NAME_POOLS;

export interface CountrySeed {
  code: string;
  region: NameRegion;
  /** How often freelancers come from here (relative). */
  weight: number;
  /** Multiplier on the category's US hourly rate. */
  rateFactor: number;
  /** The local currency a freelancer here may quote in, when it is one the platform uses besides USD. */
  currency?: 'EUR' | 'GBP';
}

export const COUNTRIES: readonly CountrySeed[] = [
  { code: 'US', region: 'anglo', weight: 16, rateFactor: 1.0 },
  { code: 'GB', region: 'anglo', weight: 6, rateFactor: 0.95, currency: 'GBP' },
  { code: 'CA', region: 'anglo', weight: 4, rateFactor: 0.9 },
  { code: 'AU', region: 'anglo', weight: 3, rateFactor: 0.95 },
  { code: 'IE', region: 'anglo', weight: 1, rateFactor: 0.9, currency: 'EUR' },
  { code: 'NZ', region: 'anglo', weight: 1, rateFactor: 0.85 },
  { code: 'DE', region: 'german', weight: 5, rateFactor: 0.9, currency: 'EUR' },
  { code: 'AT', region: 'german', weight: 1, rateFactor: 0.85, currency: 'EUR' },
  { code: 'CH', region: 'german', weight: 1, rateFactor: 1.15 },
  { code: 'FR', region: 'french', weight: 4, rateFactor: 0.85, currency: 'EUR' },
  { code: 'BE', region: 'french', weight: 1, rateFactor: 0.85, currency: 'EUR' },
  { code: 'ES', region: 'spanish', weight: 3, rateFactor: 0.7, currency: 'EUR' },
  { code: 'MX', region: 'spanish', weight: 3, rateFactor: 0.5 },
  { code: 'AR', region: 'spanish', weight: 3, rateFactor: 0.45 },
  { code: 'CO', region: 'spanish', weight: 2, rateFactor: 0.45 },
  { code: 'CL', region: 'spanish', weight: 1, rateFactor: 0.5 },
  { code: 'BR', region: 'portuguese', weight: 4, rateFactor: 0.5 },
  { code: 'PT', region: 'portuguese', weight: 2, rateFactor: 0.6, currency: 'EUR' },
  { code: 'IT', region: 'italian', weight: 2, rateFactor: 0.75, currency: 'EUR' },
  { code: 'NL', region: 'dutch', weight: 2, rateFactor: 0.95, currency: 'EUR' },
  { code: 'SE', region: 'nordic', weight: 1, rateFactor: 0.95 },
  { code: 'DK', region: 'nordic', weight: 1, rateFactor: 1.0 },
  { code: 'FI', region: 'nordic', weight: 1, rateFactor: 0.85, currency: 'EUR' },
  { code: 'PL', region: 'slavic', weight: 4, rateFactor: 0.6 },
  { code: 'UA', region: 'slavic', weight: 4, rateFactor: 0.5 },
  { code: 'RO', region: 'slavic', weight: 2, rateFactor: 0.55 },
  { code: 'CZ', region: 'slavic', weight: 1, rateFactor: 0.6 },
  { code: 'IN', region: 'indian', weight: 10, rateFactor: 0.35 },
  { code: 'PK', region: 'southAsian', weight: 4, rateFactor: 0.3 },
  { code: 'BD', region: 'southAsian', weight: 2, rateFactor: 0.28 },
  { code: 'NG', region: 'african', weight: 3, rateFactor: 0.35 },
  { code: 'KE', region: 'african', weight: 2, rateFactor: 0.35 },
  { code: 'GH', region: 'african', weight: 1, rateFactor: 0.35 },
  { code: 'ZA', region: 'african', weight: 2, rateFactor: 0.5 },
  { code: 'EG', region: 'arabic', weight: 2, rateFactor: 0.35 },
  { code: 'AE', region: 'arabic', weight: 1, rateFactor: 0.9 },
  { code: 'MA', region: 'arabic', weight: 1, rateFactor: 0.4 },
  { code: 'PH', region: 'filipino', weight: 5, rateFactor: 0.3 },
  { code: 'VN', region: 'vietnamese', weight: 2, rateFactor: 0.35 },
  { code: 'ID', region: 'indonesian', weight: 2, rateFactor: 0.33 },
  { code: 'JP', region: 'japanese', weight: 1, rateFactor: 0.85 },
  { code: 'KR', region: 'korean', weight: 1, rateFactor: 0.8 },
  { code: 'SG', region: 'chinese', weight: 1, rateFactor: 0.95 },
  { code: 'TR', region: 'turkish', weight: 2, rateFactor: 0.45 },
];

/** Where clients are based: weighted towards the big buying markets. */
export const CLIENT_COUNTRIES: readonly { code: string; weight: number }[] = [
  { code: 'US', weight: 40 },
  { code: 'GB', weight: 12 },
  { code: 'CA', weight: 6 },
  { code: 'AU', weight: 6 },
  { code: 'DE', weight: 8 },
  { code: 'FR', weight: 4 },
  { code: 'NL', weight: 4 },
  { code: 'IE', weight: 2 },
  { code: 'SE', weight: 2 },
  { code: 'CH', weight: 2 },
  { code: 'ES', weight: 2 },
  { code: 'SG', weight: 2 },
  { code: 'AE', weight: 2 },
  { code: 'IN', weight: 3 },
  { code: 'BR', weight: 2 },
  { code: 'ZA', weight: 1 },
  { code: 'JP', weight: 1 },
  { code: 'NZ', weight: 1 },
];

/** Company names are "<first> <second>" with an optional suffix: "Bluepeak Analytics", "Harbor & Pine Co.". */
export const COMPANY_FIRST = list(`
  Bluepeak, Northwind, Brightline, Harborview, Silverleaf, Redwood, Clearwater, Ironbridge,
  Lumen, Parkside, Summit, Everfield, Foxglove, Granite, Keystone, Maple & Oak, Meridian,
  Oakridge, Pinecrest, Quarry, Riverstone, Saltmarsh, Tidewater, Upland, Vantage, Westbrook,
  Yellowfin, Zephyr, Copperline, Driftwood, Fernhill, Goldcrest, Hollowbrook, Juniper,
  Kestrel, Larkspur, Moonrise, Nimbus, Orchard, Polaris, Rookwood, Stonegate, Trailhead,
  Willowby, Ashgrove, Beacon, Cobalt, Delta Nine, Eastgate, Fairmont
`);

export const COMPANY_SECOND = list(`
  Analytics, Health, Labs, Logistics, Studios, Capital, Retail, Learning, Energy, Foods,
  Robotics, Travel, Media, Insurance, Legal, Software, Clinics, Outfitters, Ventures,
  Systems, Games, Properties, Motors, Farms, Pay, Bank, Goods, Partners, Works, Cloud
`);

/** Legal-form suffixes by client country; '' (no suffix) is the most common everywhere. */
export const COMPANY_SUFFIX: Record<string, readonly string[]> = {
  US: ['', '', ' Inc.', ' LLC', ' Co.'],
  CA: ['', '', ' Inc.', ' Ltd.'],
  GB: ['', '', ' Ltd', ' Group'],
  IE: ['', ' Ltd'],
  AU: ['', ' Pty Ltd'],
  NZ: ['', ' Ltd'],
  DE: ['', ' GmbH'],
  CH: ['', ' AG', ' GmbH'],
  NL: ['', ' B.V.'],
  FR: ['', ' SAS'],
  ES: ['', ' S.L.'],
  SE: ['', ' AB'],
  BR: ['', ' Ltda.'],
  IN: ['', ' Pvt Ltd'],
  SG: ['', ' Pte Ltd'],
  ZA: ['', ' (Pty) Ltd'],
  JP: ['', ' K.K.'],
  AE: ['', ' FZ-LLC'],
};

export const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];

/** Plain ASCII for email local parts: "José Núñez" -> "jose.nunez". */
export function asciiSlug(s: string, sep = '.'): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/ł/g, 'l')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, sep)
    .replace(new RegExp(`^\\${sep}+|\\${sep}+$`, 'g'), '');
}
