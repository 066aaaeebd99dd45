// A picked photo as the image event's body: JPEG and PNG as they are, other formats redrawn as JPEG.

function readAsBase64(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsDataURL(blob);
  });
}

/** { contentType: 'image/jpeg' | 'image/png', dataBase64 } */
export async function fileToImageEvent(file) {
  if (file.type === 'image/jpeg' || file.type === 'image/png') {
    return { contentType: file.type, dataBase64: await readAsBase64(file) };
  }
  // LINE phones send photos as JPEG whatever the camera roll holds (HEIC, WebP, GIF...).
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  const blob = await new Promise((resolve, reject) =>
    canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('could not convert the image'))),
      'image/jpeg',
      0.9,
    ),
  );
  return { contentType: 'image/jpeg', dataBase64: await readAsBase64(blob) };
}
