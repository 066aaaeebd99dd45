// Named places in 春日市 the simulator offers for location messages (the city hall, shelters, parks).
// Shelter and park coordinates: 出典：国土地理院 指定緊急避難場所・指定避難所データ (copied here, never read at
// run time from outside the project).

export interface Place {
  name: string;
  latitude: number;
  longitude: number;
  address?: string;
}

export const PLACES_CREDIT = '出典：国土地理院 指定緊急避難場所・指定避難所データ';

export const KASUGA_PLACES: readonly Place[] = [
  { name: '春日市役所', latitude: 33.5282, longitude: 130.4703, address: '福岡県春日市原町3-1-5' },
  { name: 'クローバープラザ', latitude: 33.534333, longitude: 130.468391, address: '福岡県春日市原町3-1-7' },
  { name: '県営春日公園', latitude: 33.526528, longitude: 130.468856, address: '福岡県春日市原町3-1-4' },
  { name: '春日小学校', latitude: 33.529395, longitude: 130.448707, address: '福岡県春日市昇町1-142' },
  { name: 'いきいきプラザ', latitude: 33.530032, longitude: 130.449002, address: '福岡県春日市昇町1-120' },
  {
    name: '総合スポーツセンター',
    latitude: 33.527086,
    longitude: 130.455387,
    address: '福岡県春日市大谷6-28',
  },
  { name: '春日中学校', latitude: 33.534318, longitude: 130.446819, address: '福岡県春日市須玖南2-172' },
  {
    name: '奴国の丘歴史資料館',
    latitude: 33.538014,
    longitude: 130.451671,
    address: '福岡県春日市岡本3-57',
  },
  { name: '白水大池公園', latitude: 33.513972, longitude: 130.456535, address: '福岡県春日市下白水209' },
  { name: '春日野中学校', latitude: 33.523381, longitude: 130.47383, address: '福岡県春日市春日公園5-19' },
];
