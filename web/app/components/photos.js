// Thumbnails of the platform's own photos, fetched with the person's token (an <img> cannot send it);
// a tap shows them full size. Pictures behind other addresses are never loaded by themselves.

import { file } from '../api.js';

const { ref, watch } = Vue;

export default {
  props: { urls: { type: Array, default: () => [] } },
  setup(props) {
    const thumbs = ref([]);
    watch(() => props.urls, async (urls) => {
      const own = (urls || []).filter((u) => u.startsWith('/intake/v1/photos/'));
      try {
        thumbs.value = await Promise.all(own.map(async (url) => ({ url, src: URL.createObjectURL(await file(`${url}?size=thumb`)) })));
      } catch {
        thumbs.value = [];
      }
    }, { immediate: true });
    async function preview(index) {
      const full = await Promise.all(thumbs.value.map(async (t) => URL.createObjectURL(await file(t.url))));
      vant.showImagePreview({ images: full, startPosition: index });
    }
    return { thumbs, preview };
  },
  template: `
    <div v-if="thumbs.length" class="thumbs" aria-label="照片">
      <button v-for="(t, n) in thumbs" :key="t.url" type="button" class="thumb" @click="preview(n)" :aria-label="'查看照片' + (n + 1)">
        <img :src="t.src" alt="">
      </button>
    </div>`,
};
