// One estate of a community's entry. A new one is described by counts and a list of spots; one
// already on the platform by its buildings' and spots' rows, whose ids issues and stickers point at
// (so its 编号 cannot change here).

import { nextId } from '../community.js';

export default {
  props: { estate: { type: Object, required: true }, at: { type: String, required: true },
           errors: { type: Object, required: true }, removable: { type: Boolean, default: false } },
  emits: ['remove'],
  setup(props) {
    const key = (field) => `${props.at}.${field}`;
    const addBuilding = () => {
      const rows = props.estate.rows.buildings;
      rows.push({ id: nextId(rows, 'b'), name: `${rows.length + 1}幢`, units: 2 });
    };
    const addSpot = () => props.estate.rows.spots.push({ id: nextId(props.estate.rows.spots, 's'), name: '', kind: '' });
    return { key, addBuilding, addSpot };
  },
  template: `
    <van-field v-model="estate.name" label="小区名称" :name="key('name')" required maxlength="40" placeholder="如：春澜璟园"
               :error-message="errors[key('name')]" />
    <van-field v-model="estate.id" label="小区编号" :name="key('id')" required maxlength="32" placeholder="如：chunlan"
               :readonly="!estate.fresh" :error-message="errors[key('id')]" />
    <van-field v-model="estate.households" label="户数" :name="key('households')" type="digit"
               :error-message="errors[key('households')]" />
    <template v-if="estate.fresh">
      <van-field v-model="estate.buildings" label="楼栋数" :name="key('buildings')" type="digit"
                 :error-message="errors[key('buildings')]" />
      <van-field v-model="estate.units" label="每栋单元数" :name="key('units')" type="digit"
                 :error-message="errors[key('units')]" />
      <van-field v-model="estate.spots" label="公共区域" :name="key('spots')" type="textarea" rows="4"
                 placeholder="每行一个，如：地下车库A区" :error-message="errors[key('spots')]" />
    </template>
    <template v-else>
      <van-field v-for="(b, j) in estate.rows.buildings" :key="b.id" v-model="b.name" :label="'楼栋' + (j + 1)" label-width="4.5em"
                 :name="key('buildings.' + j + '.name')" maxlength="40"
                 :error-message="errors[key('buildings.' + j + '.name')] || errors[key('buildings.' + j + '.units')]">
        <template #button>
          <label class="units"><input v-model="b.units" type="number" min="1" max="50" :aria-label="'楼栋' + (j + 1) + '单元数'">单元</label>
          <van-button size="mini" plain type="danger" native-type="button" @click="estate.rows.buildings.splice(j, 1)"
                      :aria-label="'删除' + b.name">删除</van-button>
        </template>
      </van-field>
      <div class="inline-action"><van-button size="small" plain round type="primary" native-type="button" @click="addBuilding">添加楼栋</van-button></div>
      <van-field v-for="(s, j) in estate.rows.spots" :key="s.id" v-model="s.name" :label="'公共区域' + (j + 1)" label-width="5.5em"
                 :name="key('spots.' + j + '.name')" maxlength="40" placeholder="如：地下车库B区 12号柱"
                 :error-message="errors[key('spots.' + j + '.name')]">
        <template #button>
          <van-button size="mini" plain type="danger" native-type="button" @click="estate.rows.spots.splice(j, 1)"
                      :aria-label="'删除' + (s.name || '第' + (j + 1) + '行')">删除</van-button>
        </template>
      </van-field>
      <div class="inline-action"><van-button size="small" plain round type="primary" native-type="button" @click="addSpot">添加公共区域</van-button></div>
    </template>
    <van-cell v-if="removable"><van-button size="small" plain type="danger" native-type="button" @click="$emit('remove')">删除该小区</van-button></van-cell>`,
};
